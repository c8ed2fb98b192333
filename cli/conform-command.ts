import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { iterapaySurface } from '../conformance/iterapay-surface.js';
import { createRedactor } from '../conformance/report/redact.js';
import { renderHtml } from '../conformance/report/html-report.js';
import { renderJson } from '../conformance/report/json-report.js';
import { renderJunit } from '../conformance/report/junit-report.js';
import { createTerminalReporter } from '../conformance/report/terminal-reporter.js';
import { loadRequirements } from '../conformance/requirements.js';
import { runConformance, type RequirementResult } from '../conformance/run-conformance.js';
import type { Target } from '../conformance/target.js';
import { connectAdminTarget } from '../conformance/targets/admin-target.js';
import { remoteTarget } from '../conformance/targets/remote-target.js';
import { startMockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import { parsePositiveInteger } from './parse-options.js';
import { UsageError } from './usage-error.js';

const REPORT_FORMATS = { junit: renderJunit, json: renderJson, html: renderHtml } as const;
type ReportFormat = keyof typeof REPORT_FORMATS;

interface ConformOptions {
  profile: string;
  target?: string;
  targetAdmin?: boolean;
  adminToken?: string;
  merchant?: string;
  bearer?: string;
  otherMerchant?: string;
  otherBearer?: string;
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

/** The command line that replays one failure; credentials stay in the environment. */
function replayCommand(options: ConformOptions, seed: number): (result: RequirementResult) => string {
  return (result) => {
    const parts = ['npx authproof conform', `--profile ${options.profile}`];
    if (options.target) {
      parts.push(`--target ${options.target}`);
      if (options.targetAdmin) parts.push('--target-admin');
      else parts.push(`--merchant ${options.merchant}`);
      if (options.otherMerchant) parts.push(`--other-merchant ${options.otherMerchant}`);
      if (options.allowDestructive) parts.push('--allow-destructive');
    }
    parts.push(`--seed ${result.counterexample?.seed ?? seed}`);
    if (result.counterexample?.path) parts.push(`--replay '${result.counterexample.path}'`);
    parts.push(`--only ${result.requirement.id}`);
    return parts.join(' ');
  };
}

/** `authproof conform`: prove a profile's requirements against the embedded mock or a real deployment. */
export function conformCommand(): Command {
  return new Command('conform')
    .description('prove the profile\'s auth requirements against the embedded mock (default) or a deployment (--target)')
    .option('--profile <name>', 'profile whose requirements to prove', 'iterapay')
    .option('--target <url>', 'base URL of the deployment under test (default: start the embedded mock)')
    .option('--target-admin', 'the target serves the authproof admin API (/__admin): use it to reset, move the clock and mint tokens')
    .addOption(new Option('--admin-token <token>', "the target's admin token, with --target-admin").env('AUTHPROOF_ADMIN_TOKEN'))
    .addOption(new Option('--merchant <id>', 'a merchant of the account whose token is --bearer').env('AUTHPROOF_MERCHANT'))
    .addOption(new Option('--bearer <jwt>', "a Bearer token of the merchant's owner (prefer the env variable)").env('AUTHPROOF_BEARER'))
    .addOption(new Option('--other-merchant <id>', "a merchant of another account, for cross-account checks").env('AUTHPROOF_OTHER_MERCHANT'))
    .addOption(new Option('--other-bearer <jwt>', "a Bearer token of that merchant's owner").env('AUTHPROOF_OTHER_BEARER'))
    .option('--allow-destructive', 'allow checks that rotate and revoke the merchant key and change its allowlist on a real deployment')
    .option('--report <format=path>', 'write a report: junit=<file>, json=<file> or html=<file> (repeatable)', parseReport, [])
    .option('--seed <n>', 'fast-check seed (default: random, printed)', parseSeed)
    .option('--runs <n>', 'runs per property', parsePositiveInteger, 100)
    .option('--only <ids>', 'comma-separated requirement ids to prove', parseList)
    .option('--replay <path>', 'replay one counterexample: needs --seed and exactly one id in --only')
    .addHelpText(
      'after',
      `
Exit status: 0 when every applicable MUST passed, 1 when one failed, 2 on a usage error.
Requirements: spec/requirements.yaml. Credentials may come from AUTHPROOF_BEARER, AUTHPROOF_OTHER_BEARER,
AUTHPROOF_MERCHANT, AUTHPROOF_OTHER_MERCHANT (and AUTHPROOF_ADMIN_TOKEN); reports never contain them.

Examples:
  $ authproof conform
  $ AUTHPROOF_BEARER=eyJ… authproof conform --target https://sandbox.example --merchant 0b1c… \\
      --allow-destructive --report junit=out/junit.xml --report html=out/report.html --seed 42`,
    )
    .action(async (options: ConformOptions) => {
      if (options.profile !== iterapaySurface.profile) throw new UsageError(`no conformance surface for profile '${options.profile}' (available: iterapay)`);
      const requirements = loadRequirements(join(packageRoot, 'spec', 'requirements.yaml'), options.profile);
      const unknown = (options.only ?? []).filter((id) => !requirements.some((requirement) => requirement.id === id));
      if (unknown.length > 0) throw new UsageError(`unknown requirement ${unknown.join(', ')} (see spec/requirements.yaml)`);
      if (options.replay !== undefined && (options.seed === undefined || options.only?.length !== 1)) {
        throw new UsageError('--replay needs --seed and exactly one requirement in --only');
      }
      if (options.target && !options.targetAdmin && (!options.merchant || !options.bearer)) {
        throw new UsageError('--target needs --merchant and --bearer (or AUTHPROOF_MERCHANT and AUTHPROOF_BEARER), or --target-admin');
      }
      if (options.target && !/^https?:\/\/[^/]+/.test(options.target)) throw new UsageError(`--target must be an http(s) URL, got '${options.target}'`);
      if (options.otherBearer && !options.otherMerchant) throw new UsageError('--other-bearer needs --other-merchant');

      const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
      const embedded = options.target ? undefined : await startMockServer({ profile: options.profile, logLevel: 'silent' });
      try {
        let target: Target;
        try {
          target = embedded
            ? await connectAdminTarget({ baseUrl: embedded.url, description: 'embedded mock' })
            : options.targetAdmin
              ? await connectAdminTarget({ baseUrl: options.target!, adminToken: options.adminToken })
              : remoteTarget({
                  baseUrl: options.target!,
                  merchant: options.merchant!,
                  bearer: options.bearer!,
                  otherMerchant: options.otherMerchant,
                  otherBearer: options.otherBearer,
                  allowDestructive: options.allowDestructive,
                });
        } catch (error) {
          throw new UsageError(`cannot use the target: ${(error as Error).message}`);
        }
        const redact = createRedactor(target.secrets(), iterapaySurface.keyPattern);
        const replay = replayCommand(options, seed);
        const terminal = createTerminalReporter((text) => process.stdout.write(text), redact, replay);
        process.stdout.write(
          `authproof conform — profile ${options.profile}, target ${redact(target.description)}, seed ${seed}, ${options.runs} runs` +
            `\ncapabilities: ${[...target.capabilities].join(', ') || 'none'}\n\n`,
        );
        const report = await runConformance({
          target,
          surface: iterapaySurface,
          requirements,
          seed,
          runs: options.runs,
          only: options.only,
          replayPath: options.replay,
          onProgress: (event) => terminal.progress(event),
        });
        terminal.summary(report);
        for (const { format, path } of options.report) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, REPORT_FORMATS[format](report, redact, replay));
          process.stdout.write(`${format} report: ${path}\n`);
        }
        process.exitCode = report.passed ? 0 : 1;
      } finally {
        await embedded?.close();
      }
    });
}
