import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../mock-server/package-root.js';

const BIN = join(packageRoot, 'bin', 'authproof.js');
const HAND_WRITTEN = join(packageRoot, 'contracts', 'test', 'shop-iterapay.v3.json');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, 'verify-pact', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('authproof verify-pact', () => {
  it('explains its arguments and exit codes with --help', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    for (const text of ['<pacts...>', '--profile', '--target', '--provider-states-url', '--report', '3 incomplete', '4 internal error']) expect(help.stdout).toContain(text);
  });

  it('verifies the shipped pacts against the embedded mock: exit 0', () => {
    const result = run(join(packageRoot, 'contracts', 'pacts'), '--profile', 'iterapay');
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/17 interactions: 17 passed, 0 failed, 0 incomplete/);
  });

  it('exits 1 naming the failing interaction, and writes a JUnit report', () => {
    const report = join(mkdtempSync(join(tmpdir(), 'authproof-vp-')), 'out', 'pact.xml');
    const result = run(HAND_WRITTEN, '--report', `junit=${report}`);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✗ FAILED {2}generating a key with an API key is refused as unauthenticated/);
    expect(result.stdout).toContain('expected 401, the provider answers 403 to an API key on a Bearer-only operation');
    expect(result.stdout).toMatch(/4 interactions: 3 passed, 1 failed, 0 incomplete/);
    const junit = readFileSync(report, 'utf8');
    expect(junit).toMatch(/<testsuites name="authproof verify-pact" tests="4" failures="1" skipped="0"/);
    expect(junit).toMatch(/name="generating a key with an API key is refused as unauthenticated \(given the merchant has an active API key\)"[^>]*>\n\s*<failure message="expected 401/);
  });

  it('exits 3 when an interaction cannot be verified, saying why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'authproof-vp-'));
    const pact = { consumer: { name: 'c' }, provider: { name: 'iterapay' }, metadata: { pactSpecification: { version: '3.0.0' } } };
    const interaction = { description: 'uses a state nobody knows', providerStates: [{ name: 'the merchant is on holiday' }], request: { method: 'GET', path: '/merchants' }, response: { status: 401 } };
    writeFileSync(join(dir, 'c-iterapay.json'), JSON.stringify({ ...pact, interactions: [interaction] }));
    const result = run(dir);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stdout).toMatch(/\? INCOMPLETE {2}uses a state nobody knows/);
    expect(result.stdout).toContain("provider state 'the merchant is on holiday' could not be set up: the provider-states URL answered 400: Unknown provider state");
  });

  it.each([
    [['/does/not/exist'], /cannot read \/does\/not\/exist \(ENOENT\)/],
    [[HAND_WRITTEN, '--report', 'html=x.html'], /expected junit=<path>/],
    [[HAND_WRITTEN, '--provider-states-url', 'http://127.0.0.1:1/states'], /--provider-states-url goes with --target/],
    [[HAND_WRITTEN, '--target', 'ftp://example'], /--target must be an http\(s\) URL/],
    [[HAND_WRITTEN, '--profile', 'nopay'], /unknown profile 'nopay'/],
    [[], /missing required argument 'pacts'/],
  ])('rejects %j with one line and exit code 2', (args, message) => {
    const result = run(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
