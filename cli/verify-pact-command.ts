import { Command, InvalidArgumentError } from 'commander';
import { defaultProfile } from '../mock-server/default-profile.js';

/** The parsed arguments of `authproof verify-pact`. */
export interface VerifyPactOptions {
  pacts: string[];
  profile: string;
  /** `--profile` was given (not its default): only its pacts are verified, and those of other profiles skipped. */
  profileChosen: boolean;
  target?: string;
  providerStatesUrl?: string;
  report: Array<{ format: 'junit'; path: string }>;
}

function parseReport(value: string, previous: VerifyPactOptions['report'] = []): VerifyPactOptions['report'] {
  const match = /^junit=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected junit=<path>, e.g. junit=out/pact-junit.xml.');
  return [...previous, { format: 'junit', path: match[1]! }];
}

/** `authproof verify-pact`: verify consumer pacts against the embedded mock or a provider's sandbox. */
export function verifyPactCommand(): Command {
  return new Command('verify-pact')
    .description("verify Pact files (specification V2–V4) with Pact's own verifier against the embedded mock (default) or a deployment (--target)")
    .argument('<pacts...>', 'Pact files, or folders whose *.json files are pacts')
    .option('--profile <name|path>', "the profile to verify against (the mock serves it, and it explains failures); without it, each pact goes to the built-in profile its provider names, others to the default", defaultProfile)
    .option('--target <url>', "base URL of the provider to verify instead of the embedded mock")
    .option('--provider-states-url <url>', "with --target: the provider's state-change URL (Pact's protocol: POST {state, params, action})")
    .option('--report <junit=path>', 'write a JUnit report (repeatable)', parseReport, [])
    .addHelpText(
      'after',
      `
Each interaction runs after its provider states are set up (contracts/README.md lists the states the
mock offers, at POST /__admin/provider-states); every failing interaction is named with the reason.

A pact whose provider is a built-in profile (iterapay, certopay) is verified against that profile, each on
its own embedded mock. With --profile, only that profile's pacts (and pacts of no known provider) are
verified; a pact of another built-in profile is skipped, and a line says so.

Exit status: 0 every interaction passed, 1 one failed, 2 usage error (bad flag, unreadable pact),
3 incomplete (an interaction could not be verified, e.g. an unknown provider state; the reason is printed),
4 internal error of authproof or of Pact's verifier.

Examples:
  $ authproof verify-pact node_modules/authproof/contracts/pacts      # each shipped pact against its profile
  $ authproof verify-pact pacts/ --profile certopay
  $ authproof verify-pact pacts/shop-iterapay.json --target https://sandbox.example \\
      --provider-states-url https://sandbox.example/pact/provider-states --report junit=out/pact.xml`,
    )
    .action(async (pacts: string[], options: Omit<VerifyPactOptions, 'pacts' | 'profileChosen'>, command: Command) => {
      // Pact's verifier and the mock are loaded only when this command runs.
      const { runVerifyPactCommand } = await import('./run-verify-pact.js');
      await runVerifyPactCommand({ ...options, pacts, profileChosen: command.getOptionValueSource('profile') !== 'default' });
    });
}
