import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iterapaySurface } from '../conformance/iterapay-surface.js';
import { renderHtml } from '../conformance/report/html-report.js';
import { renderJson } from '../conformance/report/json-report.js';
import { renderJunit } from '../conformance/report/junit-report.js';
import { createRedactor } from '../conformance/report/redact.js';
import { createTerminalReporter } from '../conformance/report/terminal-reporter.js';
import { loadRequirements } from '../conformance/requirements.js';
import { runConformance, type RequirementResult } from '../conformance/run-conformance.js';
import type { Target } from '../conformance/target.js';
import { connectAdminTarget } from '../conformance/targets/admin-target.js';
import { remoteTarget } from '../conformance/targets/remote-target.js';
import { startMockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import type { ConformOptions } from './conform-command.js';
import { prepareReportFiles } from './prepare-report-files.js';
import { UsageError } from './usage-error.js';

const REPORT_FORMATS = { junit: renderJunit, json: renderJson, html: renderHtml } as const;

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

/**
 * Runs `authproof conform` (loaded only when the command is used): checks the options, starts the embedded
 * mock or connects to the target, proves the requirements with live progress, writes the reports and sets
 * the exit code.
 */
export async function runConformCommand(options: ConformOptions): Promise<void> {
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
  if (options.targetAdmin && !options.allowDestructive) {
    throw new UsageError("--target-admin resets the target's state and moves its clock: add --allow-destructive");
  }
  prepareReportFiles(options.report);

  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const embedded = options.target ? undefined : await startMockServer({ profile: options.profile, logLevel: 'silent' });
  let target: Target | undefined;
  try {
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
      writeFileSync(path, REPORT_FORMATS[format](report, redact, replay));
      process.stdout.write(`${format} report: ${path}\n`);
    }
    process.exitCode = report.passed ? 0 : 1;
  } finally {
    await target?.close();
    await embedded?.close();
  }
}
