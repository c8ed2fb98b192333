import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyPatternOf } from '../conformance/profile/surface.js';
import { loadSurface } from '../conformance/profile/load-surface.js';
import { SurfaceError } from '../conformance/profile/read-surface.js';
import { renderHtml } from '../conformance/report/html-report.js';
import { renderJson } from '../conformance/report/json-report.js';
import { renderJunit } from '../conformance/report/junit-report.js';
import { createRedactor } from '../conformance/report/redact.js';
import { createTerminalReporter } from '../conformance/report/terminal-reporter.js';
import { catalogueIds, declares, loadRequirements } from '../conformance/requirements.js';
import { runConformance, type RequirementResult } from '../conformance/run-conformance.js';
import type { Target } from '../conformance/target.js';
import { connectAdminTarget } from '../conformance/targets/admin-target.js';
import { remoteTarget } from '../conformance/targets/remote-target.js';
import { startMockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import type { ConformOptions } from './conform-command.js';
import { exitCodeOf } from './exit-codes.js';
import { packageVersion } from './package-version.js';
import { prepareReportFiles } from './prepare-report-files.js';
import { UsageError } from './usage-error.js';

const REPORT_FORMATS = { junit: renderJunit, json: renderJson, html: renderHtml } as const;

/** The command line that reproduces the run (credentials stay in the environment). */
function reproduce(options: ConformOptions, seed: number): string[] {
  const parts = ['npx authproof conform', `--profile ${options.profile}`];
  if (options.fixtures) parts.push(`--fixtures ${options.fixtures}`);
  if (options.target) {
    parts.push(`--target ${options.target}`);
    if (options.targetAdmin) parts.push('--target-admin');
    else if (options.merchant) parts.push(`--merchant ${options.merchant}`);
    if (options.otherMerchant) parts.push(`--other-merchant ${options.otherMerchant}`);
    if (options.allowDestructive) parts.push('--allow-destructive');
  }
  parts.push(`--seed ${seed}`, `--runs ${options.runs}`);
  return parts;
}

/** The command line that replays one failure. */
function replayCommand(options: ConformOptions, seed: number): (result: RequirementResult) => string {
  return (result) => {
    const parts = reproduce(options, result.counterexample?.seed ?? seed);
    if (result.counterexample?.path) parts.push(`--replay '${result.counterexample.path}'`);
    parts.push(`--only ${result.requirement.id}`);
    return parts.join(' ');
  };
}

function checkOptions(options: ConformOptions, profile: string, namesMerchants: boolean): void {
  if (options.replay !== undefined && (options.seed === undefined || options.only?.length !== 1)) {
    throw new UsageError('--replay needs --seed and exactly one requirement in --only');
  }
  if (options.target && !options.targetAdmin && !options.bearer) {
    throw new UsageError('--target needs --bearer (or AUTHPROOF_BEARER), or --target-admin');
  }
  if (options.target && !options.targetAdmin && namesMerchants && !options.merchant) {
    throw new UsageError(`--target needs --merchant (or AUTHPROOF_MERCHANT): profile ${profile} names a merchant in its paths`);
  }
  if (options.target && !/^https?:\/\/[^/]+/.test(options.target)) throw new UsageError(`--target must be an http(s) URL, got '${options.target}'`);
  if (options.fixtures && options.target) throw new UsageError('--fixtures seeds the embedded mock; it does not go with --target');
  if (options.otherBearer && !options.otherMerchant) throw new UsageError('--other-bearer needs --other-merchant');
  if (options.targetAdmin && !options.allowDestructive) {
    throw new UsageError("--target-admin resets the target's state and moves its clock: add --allow-destructive");
  }
  prepareReportFiles(options.report);
}

/**
 * Runs `authproof conform` (loaded only when the command is used): reads the profile's surface and
 * requirements, checks the options, starts the embedded mock or connects to the target, proves the
 * requirements with progress, writes the reports and sets the exit code from the verdict.
 */
export async function runConformCommand(options: ConformOptions): Promise<void> {
  const specDir = join(packageRoot, 'spec');
  let surface;
  try {
    surface = loadSurface(options.profile, specDir);
  } catch (error) {
    if (error instanceof SurfaceError) throw new UsageError(error.message);
    throw error;
  }
  const catalogue = join(specDir, 'requirements.yaml');
  const requirements = loadRequirements(catalogue, surface);
  const known = catalogueIds(catalogue);
  for (const id of options.only ?? []) {
    if (!known.has(id)) throw new UsageError(`unknown requirement ${id} (see spec/requirements.yaml)`);
    if (!requirements.some((requirement) => requirement.id === id)) throw new UsageError(`requirement ${id} does not apply to profile ${surface.profile}: the profile does not declare what it needs`);
  }
  checkOptions(options, surface.profile, declares(surface, 'merchant-param'));

  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  let embedded;
  try {
    embedded = options.target ? undefined : await startMockServer({ profile: options.profile, ...(options.fixtures ? { fixtures: options.fixtures } : {}), logLevel: 'silent' });
  } catch (error) {
    throw new UsageError(`cannot start the embedded mock: ${(error as Error).message}`);
  }
  let target: Target | undefined;
  try {
    try {
      target = embedded
        ? await connectAdminTarget({ baseUrl: embedded.url, description: 'embedded mock' })
        : options.targetAdmin
          ? await connectAdminTarget({ baseUrl: options.target!, adminToken: options.adminToken })
          : remoteTarget({
              baseUrl: options.target!,
              merchant: options.merchant,
              bearer: options.bearer!,
              otherMerchant: options.otherMerchant,
              otherBearer: options.otherBearer,
              expiredBearer: options.expiredBearer,
              notYetValidBearer: options.notYetValidBearer,
              allowDestructive: options.allowDestructive,
            });
    } catch (error) {
      throw new UsageError(`cannot use the target: ${(error as Error).message}`);
    }
    const keyPatterns = surface.schemes.filter((scheme) => scheme.keyFormat).map(keyPatternOf);
    const redact = createRedactor(target.secrets(), keyPatterns);
    const replay = replayCommand(options, seed);
    const terminal = createTerminalReporter((text) => process.stdout.write(text), redact, replay);
    const command = [...reproduce(options, seed), ...(options.only ? [`--only ${options.only.join(',')}`] : [])].join(' ');
    process.stdout.write(
      `authproof ${packageVersion} conform — profile ${surface.profile} (${surface.source}, sha256 ${surface.sha256.slice(0, 12)}…), target ${redact(target.description)}, seed ${seed}, ${options.runs} runs` +
        `\ncapabilities: ${[...target.capabilities].join(', ') || 'none'}\n\n`,
    );
    const report = await runConformance({
      target,
      surface,
      requirements,
      catalogue: known,
      seed,
      runs: options.runs,
      only: options.only,
      replayPath: options.replay,
      tool: { version: packageVersion, command },
      onProgress: (event) => terminal.progress(event),
    });
    terminal.summary(report);
    for (const { format, path } of options.report) {
      writeFileSync(path, REPORT_FORMATS[format](report, redact, replay));
      process.stdout.write(`${format} report: ${path}\n`);
    }
    process.exitCode = exitCodeOf(report.verdict);
  } finally {
    await target?.close();
    await embedded?.close();
  }
}
