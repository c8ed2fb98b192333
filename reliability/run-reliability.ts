/**
 * `npm run reliability`: for every built-in profile in spec/, the malformed-input storm, a soak under
 * saturation with RSS samples, a kill -9 loop with a state file, concurrent generate rounds, the
 * failed-write case and the cross-site case, each against `authproof serve` child processes on loopback.
 * Prints one table of counts and exits 1 when any failure count is not zero. Bounded by default (a few
 * minutes per profile); the flags lengthen it, e.g. `npm run reliability -- --storm 100000 --soak 60 --kills 250`.
 */
import { parseArgs } from 'node:util';
import { builtinProfiles } from '../mock-server/profile/load-profile.js';
import { runConcurrentGenerate } from './concurrent-generate.js';
import { FAILURE_COUNTS, type Counts } from './counts.js';
import { runCrossSite } from './cross-site.js';
import { runFailedWrite } from './failed-write.js';
import { runKillLoop } from './kill-loop.js';
import { readProfileSurface } from './profile-surface.js';
import { runSoak } from './soak.js';
import { runStorm } from './storm.js';

const { values } = parseArgs({
  options: {
    profile: { type: 'string', multiple: true },
    storm: { type: 'string', default: process.env.RELIABILITY_STORM ?? '20000' },
    seed: { type: 'string', default: process.env.RELIABILITY_SEED ?? String(Date.now() % 1_000_000) },
    soak: { type: 'string', default: process.env.RELIABILITY_SOAK_SECONDS ?? '30' },
    kills: { type: 'string', default: process.env.RELIABILITY_KILLS ?? '50' },
    rounds: { type: 'string', default: process.env.RELIABILITY_ROUNDS ?? '20' },
  },
});
const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, got ${String(values[name])}`);
  return value;
};

const profiles = values.profile ?? builtinProfiles();
const seed = number('seed');
console.log(`authproof reliability — profiles ${profiles.join(', ')}; storm seed ${seed} (replay with --seed ${seed})`);

const rows: Array<{ profile: string; scenario: string; counts: Counts }> = [];
for (const name of profiles) {
  const surface = await readProfileSurface(name);
  const scenarios: Array<[string, () => Promise<Counts>]> = [
    [`malformed storm (${values.storm})`, () => runStorm(surface, { requests: number('storm'), seed, concurrency: 16 })],
    [`soak (${values.soak} s, 20 conn.)`, () => runSoak(surface, { seconds: number('soak'), connections: 20 })],
    [`kill -9 loop (${values.kills} kills)`, () => runKillLoop(surface, { kills: number('kills'), merchants: 4 })],
    [`concurrent generate (${values.rounds} × 50)`, () => runConcurrentGenerate(surface, { rounds: number('rounds'), concurrency: 50 })],
    ['failed write', () => runFailedWrite(surface)],
    ['cross-site admin', () => runCrossSite(surface)],
  ];
  for (const [scenario, run] of scenarios) {
    const started = performance.now();
    const counts = await run();
    rows.push({ profile: name, scenario, counts });
    console.log(`  ${name}: ${scenario} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

const header = ['profile', 'scenario', 'requests', '5xx', 'non-dialect', 'crashes', 'keys lost', 'keys resurrected', 'accepted', 'RSS MB start / peak / end'];
const table = rows.map(({ profile, scenario, counts }) => [
  profile,
  scenario,
  String(counts.requests),
  ...FAILURE_COUNTS.map((name) => String(counts[name])),
  counts.rss ? [counts.rss.start, counts.rss.peak, counts.rss.end].map((mb) => mb.toFixed(0)).join(' / ') : '',
]);
const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => row[column]!.length)));
const line = (cells: string[]): string => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
console.log(['', line(header), line(widths.map((width) => '-'.repeat(width))), ...table.map(line)].join('\n'));

for (const { profile, scenario, counts } of rows) for (const sample of counts.samples) console.log(`${profile}, ${scenario}: ${sample}`);
const failures = rows.reduce((sum, { counts }) => sum + FAILURE_COUNTS.reduce((total, name) => total + counts[name], 0), 0);
console.log(failures === 0 ? '\nevery failure count is 0' : `\n${failures} failure(s)`);
process.exitCode = failures === 0 ? 0 : 1;
