import { writeFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { describeExchange } from '../contracts/describe-exchange.js';
import { PactReadError, readPacts } from '../contracts/read-pacts.js';
import { selectPacts } from '../contracts/select-pacts.js';
import { renderPactJunit } from '../contracts/render-pact-junit.js';
import { verifyPacts, type InteractionVerdict } from '../contracts/verify-pacts.js';
import { ConfigError } from '../mock-server/config-error.js';
import { builtinProfiles, loadProfile, startMockServer } from '../mock-server/index.js';
import type { VerifyPactOptions } from './verify-pact-command.js';
import { prepareReportFiles } from './prepare-report-files.js';
import { UsageError } from './usage-error.js';
import { EXIT } from './exit-codes.js';

const MARK: Record<InteractionVerdict['status'], string> = { passed: '✓', failed: '✗ FAILED', incomplete: '? INCOMPLETE' };

function checkUrl(flag: string, value: string | undefined): void {
  if (value !== undefined && !/^https?:\/\/[^/]+/.test(value)) throw new UsageError(`${flag} must be an http(s) URL, got '${value}'`);
}

/** A pact's path as the terminal shows it: relative to the working folder when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The verdicts as the terminal shows them: one line per interaction, the reasons under each failure. */
function renderVerdicts(verdicts: readonly InteractionVerdict[]): string {
  const lines: string[] = [];
  let pact: InteractionVerdict['pact'] | undefined;
  for (const { pact: own, interaction, status, reasons } of verdicts) {
    if (own !== pact) {
      pact = own;
      lines.push('', `${own.consumer} → ${own.provider}  (${shown(own.path)}, Pact ${own.specification})`);
    }
    const given = interaction.providerStates.length === 0 ? '' : `  (given ${interaction.providerStates.map((state) => state.name).join(', ')})`;
    lines.push(`  ${MARK[status]}  ${interaction.description}${status === 'passed' ? '' : given}`);
    for (const reason of reasons) lines.push(`      ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The closing line: how many interactions passed, failed, or could not be verified. */
function tally(verdicts: readonly InteractionVerdict[], durationMs: number): string {
  const count = (status: InteractionVerdict['status']): number => verdicts.filter((verdict) => verdict.status === status).length;
  return `${verdicts.length} interaction${verdicts.length === 1 ? '' : 's'}: ${count('passed')} passed, ${count('failed')} failed, ${count('incomplete')} incomplete (${(durationMs / 1000).toFixed(1)} s)`;
}

/** Loads a profile, or starts a mock serving one: a profile that cannot be served is a usage error. */
async function load<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Runs `authproof verify-pact` (loaded only when the command is used): reads the pacts, matches each to
 * the profile that verifies it (its provider's, or the one `--profile` chose — skipping, and saying so, a
 * pact of another built-in profile), starts the embedded mock of each profile unless `--target` is given,
 * verifies with Pact's verifier, prints each interaction's verdict, writes the reports and sets the exit
 * code (0 passed, 1 failed, 3 incomplete).
 */
export async function runVerifyPactCommand(options: VerifyPactOptions): Promise<void> {
  checkUrl('--target', options.target);
  checkUrl('--provider-states-url', options.providerStatesUrl);
  if (options.providerStatesUrl && !options.target) throw new UsageError('--provider-states-url goes with --target (the embedded mock has its own)');
  let pacts;
  try {
    pacts = readPacts(options.pacts);
  } catch (error) {
    if (error instanceof PactReadError) throw new UsageError(error.message);
    throw error;
  }
  prepareReportFiles(options.report);

  const chosen = options.profileChosen ? await load(() => loadProfile(options.profile)) : null;
  const { groups, skipped } = selectPacts(pacts, builtinProfiles(), chosen && { name: options.profile, id: chosen.id }, options.profile);
  for (const { pact, reason } of skipped) process.stdout.write(`skipped ${shown(pact.path)} (${pact.consumer} → ${pact.provider}): ${reason}\n`);
  if (groups.length === 0) throw new UsageError(`no pact here is for profile ${chosen!.id} (${skipped.map(({ pact }) => `${shown(pact.path)} is for ${pact.provider}`).join('; ')})`);
  if (options.target && groups.length > 1) {
    const providers = groups.map(({ profile, pacts: own }) => `${profile}: ${own.map((pact) => shown(pact.path)).join(', ')}`).join('; ');
    throw new UsageError(`these pacts are for ${groups.length} providers (${providers}) and --target is one: choose its profile with --profile`);
  }

  if (options.target) {
    try {
      await fetch(options.target, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new UsageError(`cannot reach --target ${options.target}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
  }
  const started = performance.now();
  const verdicts: InteractionVerdict[] = [];
  for (const group of groups) {
    const profile = chosen ?? (await load(() => loadProfile(group.profile)));
    const embedded = options.target ? undefined : await load(() => startMockServer({ profile: group.profile, logLevel: 'silent' }));
    try {
      const providerBaseUrl = options.target ?? embedded!.url;
      const providerStatesUrl = embedded ? `${embedded.url}/__admin/provider-states` : (options.providerStatesUrl ?? null);
      const count = group.pacts.reduce((sum, pact) => sum + pact.interactions.length, 0);
      process.stdout.write(
        `authproof verify-pact — profile ${profile.id}, target ${options.target ?? `embedded mock (${embedded!.url})`}, ` +
          `${group.pacts.length} pact file${group.pacts.length === 1 ? '' : 's'}, ${count} interaction${count === 1 ? '' : 's'}\n`,
      );
      const own = await verifyPacts({ pacts: group.pacts, providerBaseUrl, providerStatesUrl, describeExchange: (exchange) => describeExchange(profile, exchange) });
      process.stdout.write(`${renderVerdicts(own)}\n`);
      verdicts.push(...own);
    } finally {
      await embedded?.close();
    }
  }
  const durationMs = performance.now() - started;
  process.stdout.write(`${tally(verdicts, durationMs)}\n`);
  for (const { path } of options.report) {
    writeFileSync(path, renderPactJunit(verdicts, options.target ?? 'embedded mock', durationMs));
    process.stdout.write(`junit report: ${path}\n`);
  }
  const failed = verdicts.some((verdict) => verdict.status === 'failed');
  process.exitCode = failed ? EXIT.failed : verdicts.some((verdict) => verdict.status === 'incomplete') ? EXIT.incomplete : EXIT.ok;
}
