/**
 * `npm run bench`: for each built-in profile, authenticated throughput of the mock's listing against a bare
 * Express app sent the same requests (the mock's setup, then the listing's, credential included) and
 * answering the very same bytes with the same headers (fetched from the mock once before the load), on an
 * empty listing and on a 20-record listing, each on several fresh pairs of processes, the servers pinned
 * apart from the load generator where the machine allows;
 * `prism mock` on the same spec for the 20-record listing; and cold start to the first answered request
 * against the bare app. Reports ratios (the machines are shared and noisy, absolute numbers are not
 * comparable between runs) and exits 1 when a target is missed or a load had failed requests, 2 on a bad
 * BENCH_* setting.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { packageRoot } from '../mock-server/package-root.js';
import { benchProfiles, type BenchProfile } from './bench-profiles.js';
import { jsonInit, requestJson, type JsonRequest, type SendJson } from './request-json.js';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARM_UP_SECONDS = 2;
/** Fresh pairs of processes a listing is measured on (the rounds are shared out among them): a process's speed can stay off for its whole life. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 6);
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const PROFILES = process.env.BENCH_PROFILES?.split(',').map((name) => name.trim()) ?? benchProfiles.map((profile) => profile.name);
const CONNECTIONS = 10;
const RECORDS = 20;
const TARGET_VS_BARE = 0.9;
const TARGET_VS_PRISM = 3;
const TARGET_COLD_START = 2;
const NODE = process.execPath;
const CLI = join(packageRoot, 'bin', 'authproof.js');
const BARE = fileURLToPath(new URL('./bare-express-server.js', import.meta.url));
const PRISM = join(packageRoot, 'node_modules', '.bin', 'prism');
/** Headers Node's HTTP layer writes on every answer; the rest are the handler's and are copied. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Load {
  requestsPerSecond: number;
  p99Ms: number;
  /** Non-2xx answers plus connection errors and timeouts. */
  failed: number;
}

/** One server under load: where it answers and with which credential. */
interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

/** An answer as the bare baseline replays it. */
interface Answer {
  body: Buffer;
  headers: Record<string, string>;
}

/** One ratio against its target, for the summary and the exit code. */
interface Verdict {
  label: string;
  ratio: number;
  met: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The CPUs this process may run on, as `taskset` lists them (`0-3,6`); null without `taskset` (Linux's util-linux). */
function allowedCpus(): string | null {
  try {
    return /list: (\S+)/.exec(execFileSync('taskset', ['--cpu-list', '-p', String(process.pid)], { encoding: 'utf8' }))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** The CPU numbers of a `taskset` list. */
function cpuNumbers(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: to - from + 1 }, (_unused, i) => from + i);
  });
}

/**
 * Pins the bench (the load generator) to every CPU it may use but the last, and returns where things run:
 * the last one for the servers under load — so that a server and the load never take turns on one CPU —
 * and all of them for other processes (a child would otherwise inherit the load generator's). Null
 * (nothing pinned) with BENCH_PIN=0, on fewer than 2 CPUs, or without `taskset`.
 */
function pinLoadGenerator(): { server: string; all: string } | null {
  const all = process.env.BENCH_PIN === '0' ? null : allowedCpus();
  const cpus = all === null ? [] : cpuNumbers(all);
  if (all === null || cpus.length < 2) return null;
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '-p', cpus.slice(0, -1).join(','), String(process.pid)], { stdio: 'ignore' });
    return { server: String(cpus.at(-1)), all };
  } catch {
    return null;
  }
}

const PINNED = pinLoadGenerator();

/** Starts a process; when the bench pins, on the CPUs `cpus` (a `taskset` list: all of them by default). */
function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}, cpus = PINNED?.all): ChildProcess {
  const [file, argv] = cpus === undefined ? [command, args] : ['taskset', ['--cpu-list', cpus, command, ...args]];
  return spawn(file, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Starts a server that will be loaded: on the servers' CPU when the bench pins. */
function startLoaded(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return start(command, args, env, PINNED?.server);
}

async function waitForAnswer(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnargs.join(' ')} exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return performance.now() - started;
    } catch {
      if (performance.now() - started > timeoutMs) throw new Error(`no answer from ${url}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function serveArgs(profile: BenchProfile, port: number): string[] {
  return [CLI, 'serve', '--profile', profile.name, '--port', String(port), '--log-level', 'silent'];
}

function bareEnv(profile: BenchProfile, answer: Answer, port: number): NodeJS.ProcessEnv {
  return {
    PORT: String(port),
    AUTHPROOF_BENCH_ROUTE: profile.listingRoute,
    AUTHPROOF_BENCH_BODY: answer.body.toString('base64'),
    AUTHPROOF_BENCH_HEADERS: JSON.stringify(answer.headers),
  };
}

/** The answer's status must be 2xx; its body and its non-transport headers are kept. */
async function capture(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const kept: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name)) kept[name] = value;
  });
  return { body: Buffer.from(await response.arrayBuffer()), headers: kept };
}

function sameAnswer(a: Answer, b: Answer): boolean {
  return a.body.equals(b.body) && JSON.stringify(Object.entries(a.headers).sort()) === JSON.stringify(Object.entries(b.headers).sort());
}

/**
 * Starts the bare baseline replaying `answer`, sends it the requests that prepared the mock (`setup`, which
 * it answers 404), and checks that it answers exactly `answer` to the request it will be loaded with: the very
 * request the mock is sent (`headers`, the credential included, which it does not read). So both servers
 * have seen the same requests when the load starts: a process that has only ever answered one request
 * finds every property access of node:http monomorphic, a state no server in use is in, and answers
 * cheaper for it.
 */
async function startBare(profile: BenchProfile, answer: Answer, headers: Record<string, string>, setup: readonly SetupRequest[]): Promise<{ child: ChildProcess; target: Target }> {
  const port = await freePort();
  const child = startLoaded(NODE, [BARE], bareEnv(profile, answer, port));
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}${profile.listingPath}`;
  await waitForAnswer(url, child);
  for (const [path, request] of setup) await (await fetch(`${base}${path}`, jsonInit(request))).arrayBuffer();
  if (!sameAnswer(answer, await capture(url, headers))) throw new Error('the bare Express app does not answer the bytes and headers of the mock');
  return { child, target: { name: 'bare Express', url, headers } };
}

async function load(target: Target, seconds: number): Promise<Load> {
  const result = await autocannon({ url: target.url, headers: target.headers, connections: CONNECTIONS, duration: seconds });
  return { requestsPerSecond: result.requests.total / result.duration, p99Ms: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts };
}

/** The value below which a share `q` (0 to 1) of the values lie (the nearest rank; q = 0.5 is the median). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const median = (values: number[]): number => quantile(values, 0.5);

/**
 * Warms each target up once, then loads them in `count` short interleaved rounds, so that a change in the
 * machine's speed hits all of them alike, in the reverse order every other round (A B, B A, …), so that a
 * steady drift favours none of them. Many short rounds rather than a few long ones: the machine's speed
 * changes within seconds, and the median of many per-round ratios is steadier than that of a few.
 * @returns each target's loads, round by round.
 */
async function loadRounds(targets: Target[], count: number): Promise<Load[][]> {
  for (const target of targets) await load(target, WARM_UP_SECONDS);
  const rounds: Load[][] = targets.map(() => []);
  for (let round = 1; round <= count; round += 1) {
    const order = [...targets.keys()];
    if (round % 2 === 0) order.reverse();
    for (const i of order) rounds[i]!.push(await load(targets[i]!, DURATION_SECONDS));
  }
  return rounds;
}

/**
 * Prints each target's medians over its rounds and the quartiles of the per-round ratios of the first target
 * to each other one, and returns the medians of those; failed requests are added to `failures`.
 */
function report(names: string[], rounds: Load[][], failures: { count: number }): number[] {
  for (const [i, name] of names.entries()) {
    const loads = rounds[i]!;
    const failed = loads.reduce((sum, one) => sum + one.failed, 0);
    failures.count += failed;
    const rps = median(loads.map((one) => one.requestsPerSecond)).toFixed(0);
    const p99 = median(loads.map((one) => one.p99Ms));
    console.log(`    ${name.padEnd(24)} ${rps.padStart(8)} req/s   p99 ${String(p99).padStart(4)} ms   failed ${failed}`);
  }
  return names.slice(1).map((name, i) => {
    const ratios = rounds[0]!.map((ours, round) => ours.requestsPerSecond / rounds[i + 1]![round]!.requestsPerSecond);
    const spread = [0.25, 0.75].map((q) => quantile(ratios, q).toFixed(2));
    console.log(`    per-round ratios to ${name}: quartiles ${spread.join(' – ')} over ${ratios.length} rounds`);
    return median(ratios);
  });
}

function verdict(label: string, ratio: number, met: boolean, target: string): Verdict {
  console.log(`    ratio ${label.padEnd(40)} ${ratio.toFixed(2)}   (target ${target})`);
  return { label, ratio, met };
}

/** Median cold starts of the mock and of the bare app, sampled alternately. */
async function coldStarts(profile: BenchProfile, emptyAnswer: Answer): Promise<{ ours: number; bare: number }> {
  const ours: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    for (const [samples, spawnOne] of [
      [ours, (port: number) => start(NODE, serveArgs(profile, port))],
      [bare, (port: number) => start(NODE, [BARE], bareEnv(profile, emptyAnswer, port))],
    ] as const) {
      const port = await freePort();
      const child = spawnOne(port);
      samples.push(await waitForAnswer(`http://127.0.0.1:${port}${profile.listingPath}`, child));
      await stop(child);
    }
  }
  return { ours: median(ours), bare: median(bare) };
}

/** A request that prepared a mock (path and request). */
type SetupRequest = readonly [string, JsonRequest];

/**
 * A mock of the profile started afresh, with the rate limit raised out of reach (the limiter still runs), a
 * key issued and `records` records stored.
 * @returns it, and the requests that prepared it (in order), for the bare app to be sent too.
 */
async function startMock(profile: BenchProfile, records: number): Promise<{ child: ChildProcess; target: Target; setup: SetupRequest[] }> {
  const port = await freePort();
  const child = startLoaded(NODE, [...serveArgs(profile, port), '--rate-limit', '1000000000']);
  const base = `http://127.0.0.1:${port}`;
  await waitForAnswer(`${base}${profile.listingPath}`, child);
  const setup: SetupRequest[] = [];
  const send: SendJson = (path, request = {}) => {
    setup.push([path, request]);
    return requestJson(`${base}${path}`, request);
  };
  const headers = await profile.authenticate(send);
  for (let i = 1; i <= records; i += 1) await profile.createRecord(send, headers, i);
  return { child, target: { name: 'authproof', url: `${base}${profile.listingPath}`, headers }, setup };
}

/**
 * The mock against the bare app on a listing of `records` records, on {@link PAIRS} fresh pairs of
 * processes (each bare app answering its mock's bytes), the rounds shared out among them; prints the
 * medians and returns the median of all the per-round ratios.
 * @returns that ratio, and the mock's answer (of the first pair).
 */
async function versusBare(profile: BenchProfile, records: number, failures: { count: number }): Promise<{ ratio: number; answer: Answer }> {
  const rounds: Load[][] = [[], []];
  let first: Answer | undefined;
  for (let pair = 0; pair < PAIRS; pair += 1) {
    const mock = await startMock(profile, records);
    try {
      const answer = await capture(mock.target.url, mock.target.headers);
      first ??= answer;
      const bare = await startBare(profile, answer, mock.target.headers, mock.setup);
      try {
        const count = Math.floor(ROUNDS / PAIRS) + (pair < ROUNDS % PAIRS ? 1 : 0);
        const loads = await loadRounds([mock.target, bare.target], count);
        for (const [i, one] of loads.entries()) rounds[i]!.push(...one);
      } finally {
        await stop(bare.child);
      }
    } finally {
      await stop(mock.child);
    }
  }
  console.log(`  ${records === 0 ? 'empty' : `${records}-record`} listing (${first!.body.length} bytes), ${PAIRS} pairs of processes:`);
  const [ratio] = report(['authproof', 'bare Express'], rounds, failures);
  return { ratio: ratio!, answer: first! };
}

/** Measures one profile: empty listing, 20-record listing, prism on the 20-record listing, cold start. */
async function benchProfile(profile: BenchProfile, failures: { count: number }): Promise<Verdict[]> {
  console.log(`${profile.name} — GET ${profile.listingPath} with X-Api-Key`);
  const verdicts: Verdict[] = [];
  const { ratio: emptyVsBare, answer: empty } = await versusBare(profile, 0, failures);
  verdicts.push(verdict(`${profile.name} empty: authproof / bare`, emptyVsBare, emptyVsBare >= TARGET_VS_BARE, `≥ ${TARGET_VS_BARE}`));
  const { ratio: fullVsBare } = await versusBare(profile, RECORDS, failures);
  verdicts.push(verdict(`${profile.name} ${RECORDS} records: authproof / bare`, fullVsBare, fullVsBare >= TARGET_VS_BARE, `≥ ${TARGET_VS_BARE}`));

  // Prism is loaded apart: it keeps working (logging, collecting) after its own load, which would land in
  // the next target's round.
  const mock = await startMock(profile, RECORDS);
  const prismPort = await freePort();
  const prism = startLoaded(PRISM, ['mock', join(packageRoot, profile.spec), '--port', String(prismPort), '--host', '127.0.0.1', '--errors']);
  const prismTarget: Target = { name: 'prism mock (its own example)', url: `http://127.0.0.1:${prismPort}${profile.listingPath}`, headers: mock.target.headers };
  let fullVsPrism: number;
  try {
    await waitForAnswer(prismTarget.url, prism, 60_000);
    console.log(`  ${RECORDS}-record listing against prism:`);
    [fullVsPrism] = report([mock.target.name, prismTarget.name], await loadRounds([mock.target, prismTarget], ROUNDS), failures) as [number];
  } finally {
    await Promise.all([stop(mock.child), stop(prism)]);
  }
  verdicts.push(verdict(`${profile.name} ${RECORDS} records: authproof / prism`, fullVsPrism, fullVsPrism >= TARGET_VS_PRISM, `≥ ${TARGET_VS_PRISM}`));

  const started = await coldStarts(profile, empty);
  console.log(`  cold start (spawn → first answered request, medians of ${COLD_STARTS} alternate starts):`);
  console.log(`    authproof ${started.ours.toFixed(0)} ms, bare Express ${started.bare.toFixed(0)} ms`);
  const startRatio = started.ours / started.bare;
  verdicts.push(verdict(`${profile.name} cold start: authproof / bare`, startRatio, startRatio <= TARGET_COLD_START, `≤ ${TARGET_COLD_START}`));
  console.log('');
  return verdicts;
}

/** A bad `BENCH_*` setting: reported in one line, exit 2. */
class SettingError extends Error {}

async function main(): Promise<void> {
  if (!(Number.isInteger(DURATION_SECONDS) && DURATION_SECONDS >= 1)) throw new SettingError('BENCH_DURATION must be a whole number of seconds, 1 or more');
  if (!(Number.isInteger(ROUNDS) && ROUNDS >= 1)) throw new SettingError('BENCH_ROUNDS must be a whole number, 1 or more');
  if (!(Number.isInteger(PAIRS) && PAIRS >= 1 && PAIRS <= ROUNDS)) throw new SettingError(`BENCH_PAIRS must be a whole number from 1 to BENCH_ROUNDS (${ROUNDS})`);
  const profiles = PROFILES.map((name) => {
    const profile = benchProfiles.find((candidate) => candidate.name === name);
    if (!profile) throw new SettingError(`BENCH_PROFILES: no bench profile ${name} (known: ${benchProfiles.map((known) => known.name).join(', ')})`);
    return profile;
  });
  console.log(
    `authproof bench — ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_SECONDS} s per target (medians), each server warmed up for ${WARM_UP_SECONDS} s first; against bare Express on ${PAIRS} fresh pairs of processes; ${PINNED === null ? 'servers and load not pinned' : `servers under load on CPU ${PINNED.server}, the load on the others`}\n`,
  );
  const failures = { count: 0 };
  const verdicts: Verdict[] = [];
  for (const profile of profiles) verdicts.push(...(await benchProfile(profile, failures)));
  console.log('Summary:');
  for (const one of verdicts) console.log(`  ${one.met ? 'met   ' : 'MISSED'} ${one.label.padEnd(40)} ${one.ratio.toFixed(2)}`);
  if (failures.count > 0) console.log(`  ${failures.count} requests failed (non-2xx, errors or timeouts)`);
  const met = failures.count === 0 && verdicts.every((one) => one.met);
  console.log(`\n${met ? 'All targets met.' : 'A target was missed (or a load had failed requests).'}`);
  process.exitCode = met ? 0 : 1;
}

await main().catch((error: unknown) => {
  if (!(error instanceof SettingError)) throw error;
  console.error(`bench: ${error.message}`);
  process.exitCode = 2;
});
