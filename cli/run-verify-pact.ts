import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describeExchange } from '../contracts/describe-exchange.js';
import { PactReadError, readPacts } from '../contracts/read-pacts.js';
import { renderPactJunit } from '../contracts/render-pact-junit.js';
import { verifyPacts, type InteractionVerdict } from '../contracts/verify-pacts.js';
import { ConfigError } from '../mock-server/config-error.js';
import { loadProfile, startMockServer, type MockServer, type Profile } from '../mock-server/index.js';
import type { VerifyPactOptions } from './verify-pact-command.js';
import { prepareReportFiles } from './prepare-report-files.js';
import { UsageError } from './usage-error.js';
import { EXIT } from './exit-codes.js';

const MARK: Record<InteractionVerdict['status'], string> = { passed: '✓', failed: '✗ FAILED', incomplete: '? INCOMPLETE' };

function checkUrl(flag: string, value: string | undefined): void {
  if (value !== undefined && !/^https?:\/\/[^/]+/.test(value)) throw new UsageError(`${flag} must be an http(s) URL, got '${value}'`);
}

/** The verdicts as the terminal shows them: one line per interaction, the reasons under each failure. */
function renderVerdicts(verdicts: readonly InteractionVerdict[]): string {
  const lines: string[] = [];
  let pact: InteractionVerdict['pact'] | undefined;
  for (const { pact: own, interaction, status, reasons } of verdicts) {
    if (own !== pact) {
      pact = own;
      lines.push('', `${own.consumer} → ${own.provider}  (${relative(process.cwd(), own.path) || own.path}, Pact ${own.specification})`);
    }
    const given = interaction.providerStates.length === 0 ? '' : `  (given ${interaction.providerStates.map((state) => state.name).join(', ')})`;
    lines.push(`  ${MARK[status]}  ${interaction.description}${status === 'passed' ? '' : given}`);
    for (const reason of reasons) lines.push(`      ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `authproof verify-pact` (loaded only when the command is used): reads the pacts, starts the embedded
 * mock unless `--target` is given, verifies with Pact's verifier, prints each interaction's verdict, writes
 * the reports and sets the exit code (0 passed, 1 failed, 3 incomplete).
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

  if (options.target) {
    try {
      await fetch(options.target, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new UsageError(`cannot reach --target ${options.target}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
  }
  let profile: Profile;
  let embedded: MockServer | undefined;
  try {
    profile = await loadProfile(options.profile);
    if (!options.target) embedded = await startMockServer({ profile: options.profile, logLevel: 'silent' });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const providerBaseUrl = options.target ?? embedded!.url;
    const providerStatesUrl = embedded ? `${embedded.url}/__admin/provider-states` : (options.providerStatesUrl ?? null);
    const count = pacts.reduce((sum, pact) => sum + pact.interactions.length, 0);
    process.stdout.write(
      `authproof verify-pact — profile ${profile.id}, target ${options.target ?? `embedded mock (${embedded!.url})`}, ` +
        `${pacts.length} pact file${pacts.length === 1 ? '' : 's'}, ${count} interaction${count === 1 ? '' : 's'}\n`,
    );
    const started = performance.now();
    const verdicts = await verifyPacts({ pacts, providerBaseUrl, providerStatesUrl, describeExchange: (exchange) => describeExchange(profile, exchange) });
    const durationMs = performance.now() - started;
    const tally = (status: InteractionVerdict['status']): number => verdicts.filter((verdict) => verdict.status === status).length;
    process.stdout.write(renderVerdicts(verdicts));
    process.stdout.write(
      `\n${verdicts.length} interactions: ${tally('passed')} passed, ${tally('failed')} failed, ${tally('incomplete')} incomplete (${(durationMs / 1000).toFixed(1)} s)\n`,
    );
    for (const { path } of options.report) {
      writeFileSync(path, renderPactJunit(verdicts, options.target ?? 'embedded mock', durationMs));
      process.stdout.write(`junit report: ${path}\n`);
    }
    process.exitCode = tally('failed') > 0 ? EXIT.failed : tally('incomplete') > 0 ? EXIT.incomplete : EXIT.ok;
  } finally {
    await embedded?.close();
  }
}
