/**
 * `npm run bench`: authenticated throughput of the mock against two baselines measured in the same run —
 * a bare Express handler returning the same JSON, and `prism mock` on the same spec — plus cold start to
 * the first answered request against a bare Express app. Reports ratios (the machines are shared and
 * noisy, absolute numbers are not comparable between runs) and exits 1 when a target is missed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { packageRoot } from '../mock-server/package-root.js';

const MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
const INVOICES = `/merchants/${MERCHANT}/invoices`;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const COLD_STARTS = Number(process.env.BENCH_COLD_STARTS ?? 7);
const NODE = process.execPath;
const CLI = join(packageRoot, 'bin', 'authproof.js');
const BARE = join(packageRoot, 'dist', 'bench', 'bare-express-server.js');
const PRISM = join(packageRoot, 'node_modules', '.bin', 'prism');
const SPEC = join(packageRoot, 'spec', 'iterapay.openapi.yaml');

interface Load {
  name: string;
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
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

function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitForAnswer(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode}`);
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

async function load(url: string, headers: Record<string, string>): Promise<Load> {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: 2 });
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_SECONDS });
  return { name: url, requestsPerSecond: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx };
}

async function json(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Starts the mock with a rate limit the load cannot reach, logs in, issues a key and stores 20 invoices. */
async function prepareMock(port: number): Promise<{ child: ChildProcess; key: string; body: unknown }> {
  const child = start(NODE, [CLI, 'serve', '--port', String(port), '--rate-limit', '1000000000', '--log-level', 'silent']);
  const base = `http://127.0.0.1:${port}`;
  await waitForAnswer(`${base}/.well-known/jwks.json`, child);
  const { token } = await json(`${base}/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
  });
  const { key } = await json(`${base}/key/generate/${MERCHANT}`, { method: 'POST', headers: { authorization: `Bearer ${String(token)}` } });
  for (let i = 1; i <= 20; i += 1) {
    await json(`${base}${INVOICES}`, {
      method: 'POST',
      headers: { 'x-api-key': String(key) },
      body: JSON.stringify({ amount: `${i}.00`, type: 'onetime', paymentMethodID: 1, description: `bench ${i}` }),
    });
  }
  const body = await json(`${base}${INVOICES}`, { headers: { 'x-api-key': String(key) } });
  return { child, key: String(key), body };
}

async function coldStart(label: string, command: string, args: (port: number) => string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < COLD_STARTS; i += 1) {
    const port = await freePort();
    const child = start(command, args(port), { ...env, PORT: String(port) });
    samples.push(await waitForAnswer(`http://127.0.0.1:${port}${INVOICES}`, child));
    await stop(child);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.log(`  cold start ${label.padEnd(14)} median ${median.toFixed(0)} ms over ${COLD_STARTS} starts`);
  return median;
}

function row(result: Load): string {
  return `  ${result.name.padEnd(22)} ${result.requestsPerSecond.toFixed(0).padStart(8)} req/s   p99 ${String(result.p99Ms).padStart(4)} ms   non-2xx ${result.non2xx}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median of the rounds for one target. */
function summarize(name: string, rounds: Load[]): Load {
  return {
    name,
    requestsPerSecond: median(rounds.map((round) => round.requestsPerSecond)),
    p99Ms: median(rounds.map((round) => round.p99Ms)),
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
  };
}

async function main(): Promise<void> {
  console.log(
    `authproof bench — ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${DURATION_SECONDS} s per target (medians), after a 2 s warm-up each\n`,
  );
  const mockPort = await freePort();
  const mock = await prepareMock(mockPort);
  const barePort = await freePort();
  const bare = start(NODE, [BARE], { PORT: String(barePort), AUTHPROOF_BENCH_BODY: JSON.stringify(mock.body) });
  const prismPort = await freePort();
  const prism = start(PRISM, ['mock', SPEC, '--port', String(prismPort), '--host', '127.0.0.1', '--errors']);
  await waitForAnswer(`http://127.0.0.1:${barePort}${INVOICES}`, bare);
  await waitForAnswer(`http://127.0.0.1:${prismPort}${INVOICES}`, prism, 60_000);

  // Rounds alternate between targets so that a change in the machine's load hits all of them alike.
  const rounds: Record<'ours' | 'bare' | 'prism', Load[]> = { ours: [], bare: [], prism: [] };
  for (let round = 1; round <= ROUNDS; round += 1) {
    rounds.ours.push(await load(`http://127.0.0.1:${mockPort}${INVOICES}`, { 'x-api-key': mock.key }));
    rounds.bare.push(await load(`http://127.0.0.1:${barePort}${INVOICES}`, {}));
    rounds.prism.push(await load(`http://127.0.0.1:${prismPort}${INVOICES}`, { 'x-api-key': mock.key }));
  }
  await Promise.all([stop(mock.child), stop(bare), stop(prism)]);
  const ours = summarize('authproof (X-Api-Key)', rounds.ours);
  const baseline = summarize('bare Express', rounds.bare);
  const prismed = summarize('prism mock', rounds.prism);

  console.log('Throughput (GET the invoice list, 20 invoices):');
  for (const result of [ours, baseline, prismed]) console.log(row(result));
  const vsBare = median(rounds.ours.map((round, i) => round.requestsPerSecond / rounds.bare[i]!.requestsPerSecond));
  const vsPrism = median(rounds.ours.map((round, i) => round.requestsPerSecond / rounds.prism[i]!.requestsPerSecond));
  console.log(`  ratio authproof / bare Express   ${vsBare.toFixed(2)}   (median of per-round ratios; target ≥ 0.85)`);
  console.log(`  ratio authproof / prism mock     ${vsPrism.toFixed(2)}   (median of per-round ratios; target ≥ 3)`);

  console.log('\nCold start (spawn → first answered request):');
  const ourStart = await coldStart('authproof', NODE, (port) => [CLI, 'serve', '--port', String(port), '--log-level', 'silent']);
  const bareStart = await coldStart('bare Express', NODE, () => [BARE]);
  const startRatio = ourStart / bareStart;
  console.log(`  ratio authproof / bare Express   ${startRatio.toFixed(2)}   (target ≤ 2)`);

  const errors = ours.non2xx + baseline.non2xx + prismed.non2xx;
  const met = vsBare >= 0.85 && vsPrism >= 3 && startRatio <= 2 && errors === 0;
  console.log(`\n${met ? 'All targets met.' : 'A target was missed (or a run had non-2xx answers).'}`);
  process.exitCode = met ? 0 : 1;
}

await main();
