import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT_CODES_HELP } from './exit-codes.js';
import { parsePositiveInteger } from './parse-options.js';
import { defaultProfile } from '../mock-server/default-profile.js';

type ReportFormat = 'junit' | 'json' | 'html';

/** The parsed options of `authproof conform`. */
export interface ConformOptions {
  profile: string;
  fixtures?: string;
  target?: string;
  targetAdmin?: boolean;
  adminToken?: string;
  merchant?: string;
  bearer?: string;
  otherMerchant?: string;
  otherBearer?: string;
  expiredBearer?: string;
  notYetValidBearer?: string;
  allowDestructive?: boolean;
  report: Array<{ format: ReportFormat; path: string }>;
  seed?: number;
  runs: number;
  only?: string[];
  replay?: string;
}

function parseReport(value: string, previous: ConformOptions['report'] = []): ConformOptions['report'] {
  const match = /^(junit|json|html)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected <junit|json|html>=<path>, e.g. junit=out/junit.xml.");
  return [...previous, { format: match[1] as ReportFormat, path: match[2]! }];
}

function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected an integer.');
  return Number(value);
}

const parseList = (value: string): string[] => value.split(',').map((id) => id.trim()).filter(Boolean);

/** `authproof conform`: prove a profile's requirements against the embedded mock or a real deployment. */
export function conformCommand(): Command {
  return new Command('conform')
    .description('prove the profile\'s auth requirements against the embedded mock (default) or a deployment (--target)')
    .option('--profile <name|path>', "a built-in profile, or the path of an annotated OpenAPI document (a vendor's own): its surface and requirements are proven", defaultProfile)
    .option('--fixtures <path>', 'fixtures of the embedded mock (default: fixtures/<profile>.json; needed for a profile of your own)')
    .option('--target <url>', 'base URL of the deployment under test (default: start the embedded mock)')
    .option('--target-admin', 'the target serves the authproof admin API (/__admin): use it to reset, move the clock and mint tokens')
    .addOption(new Option('--admin-token <token>', "the target's admin token, with --target-admin").env('AUTHPROOF_ADMIN_TOKEN'))
    .addOption(new Option('--bearer <jwt>', 'a Bearer token of the account under test (prefer the env variable)').env('AUTHPROOF_BEARER'))
    .addOption(new Option('--merchant <id>', "one of that account's merchants (profiles whose paths name a merchant: iterapay)").env('AUTHPROOF_MERCHANT'))
    .addOption(new Option('--other-bearer <jwt>', "another account's Bearer token, for cross-account and per-key checks").env('AUTHPROOF_OTHER_BEARER'))
    .addOption(new Option('--other-merchant <id>', "one of the other account's merchants (profiles whose paths name a merchant)").env('AUTHPROOF_OTHER_MERCHANT'))
    .addOption(new Option('--expired-bearer <jwt>', "an expired token of the merchant's owner, to prove JWT-EXPIRED on a deployment").env('AUTHPROOF_EXPIRED_BEARER'))
    .addOption(new Option('--not-yet-valid-bearer <jwt>', "a token of the merchant's owner whose nbf is ahead, to prove JWT-NOT-YET-VALID").env('AUTHPROOF_NOT_YET_VALID_BEARER'))
    .option('--allow-destructive', 'allow checks that rotate and revoke the merchant key and change its allowlist on a real deployment')
    .option('--report <format=path>', 'write a report: junit=<file>, json=<file> or html=<file> (repeatable)', parseReport, [])
    .option('--seed <n>', 'fast-check seed (default: random, printed)', parseSeed)
    .option('--runs <n>', 'runs per property', parsePositiveInteger, 100)
    .option('--only <ids>', 'comma-separated requirement ids to prove', parseList)
    .option('--replay <path>', 'replay one counterexample: needs --seed and exactly one id in --only')
    .addHelpText(
      'after',
      `
${EXIT_CODES_HELP}
Requirements: spec/requirements.yaml (those the profile declares what they need for).
Credentials may come from AUTHPROOF_BEARER, AUTHPROOF_OTHER_BEARER, AUTHPROOF_MERCHANT, AUTHPROOF_OTHER_MERCHANT,
AUTHPROOF_EXPIRED_BEARER, AUTHPROOF_NOT_YET_VALID_BEARER (and AUTHPROOF_ADMIN_TOKEN); reports never contain them.

Examples:
  $ authproof conform
  $ authproof conform --profile ./my-api.openapi.yaml          # certify your own annotated document on the mock
  $ AUTHPROOF_BEARER=eyJ… authproof conform --target https://sandbox.example --merchant 0b1c… \\
      --allow-destructive --report junit=out/junit.xml --report html=out/report.html --seed 42`,
    )
    .action(async (options: ConformOptions) => {
      // The suite (fast-check, jose, the reporters) is loaded only when this command runs.
      const { runConformCommand } = await import('./run-conform.js');
      await runConformCommand(options);
    });
}
