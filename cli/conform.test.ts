import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokenProxy } from '../conformance/test/broken-proxy.js';
import { faults } from '../conformance/test/faults.js';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import { scratchFolder } from '../mock-server/test/scratch-folder.js';

const BIN = join(packageRoot, 'bin', 'authproof.js');

/** Runs the CLI without blocking the event loop (the in-process mock must keep answering). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    const deadline = setTimeout(() => child.kill('SIGKILL'), 25_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => {
      clearTimeout(deadline);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('authproof conform', () => {
  let mock: MockServer;
  let token: string;
  beforeAll(async () => {
    mock = await startMockServer({ logLevel: 'silent' });
    const login = await fetch(`${mock.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"alice@example.com","password":"alice-password"}' });
    token = ((await login.json()) as { token: string }).token;
  });
  afterAll(() => mock.close());

  it('certifies the embedded mock, prints progress per requirement and writes the three reports, naming what was run', async () => {
    const out = scratchFolder('authproof-conform');
    const result = await run([
      'conform',
      '--only', 'KEY-SINGLE-ACTIVE,AUTH-MISSING,JWT-EXPIRED',
      '--runs', '5',
      '--seed', '3',
      '--report', `junit=${out}/junit.xml`,
      '--report', `json=${out}/report.json`,
      '--report', `html=${out}/report.html`,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/seed 3, 5 runs/);
    expect(result.stdout).toMatch(/✓ PASSED\s+KEY-SINGLE-ACTIVE\s+MUST/);
    expect(result.stdout).toMatch(/CONFORMANT: 3 of 3 requirements proven/);
    const sha256 = createHash('sha256').update(readFileSync(join(packageRoot, 'spec', 'iterapay.openapi.yaml'))).digest('hex');
    const junit = readFileSync(`${out}/junit.xml`, 'utf8');
    expect(junit).toMatch(/<testsuites name="authproof conform" tests="3" failures="0" skipped="0"/);
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(junit).toContain(`<property name="profile.sha256" value="${sha256}"/>`);
    expect(junit).toContain('<property name="command" value="npx authproof conform --profile iterapay --seed 3 --runs 5 --only KEY-SINGLE-ACTIVE,AUTH-MISSING,JWT-EXPIRED"/>');
    const json = JSON.parse(readFileSync(`${out}/report.json`, 'utf8'));
    expect(json).toMatchObject({ profile: 'iterapay', profileSha256: sha256, seed: 3, runs: 5, verdict: 'CONFORMANT', proven: 3, counts: { PASSED: 3 }, tool: { version: expect.any(String) } });
    expect(readFileSync(`${out}/report.html`, 'utf8')).toContain('data-requirement="JWT-EXPIRED" data-status="PASSED"');
  });

  it('exits 1 on a failing MUST, naming it with a counterexample and a replay command', async () => {
    const proxy = await startBrokenProxy(mock.url, faults['drops the challenge from every 401']);
    try {
      const result = await run(['conform', '--target', proxy.url, '--target-admin', '--allow-destructive', '--only', 'AUTH-CHALLENGE,ERROR-DIALECT', '--runs', '10', '--seed', '5']);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/✗ FAILED\s+AUTH-CHALLENGE/);
      expect(result.stdout).toMatch(/expected a WWW-Authenticate header on a 401, got none/);
      expect(result.stdout).toMatch(/✓ PASSED\s+ERROR-DIALECT/);
      expect(result.stdout).toMatch(new RegExp(`replay: npx authproof conform --profile iterapay --target ${proxy.url} --target-admin --allow-destructive --seed 5 --runs 10 --replay '[\\d:]+' --only AUTH-CHALLENGE`));
      expect(result.stdout).toMatch(/NOT CONFORMANT: 1 of 2 requirements proven; 1 MUST failed \(AUTH-CHALLENGE\)/);
    } finally {
      await proxy.close();
    }
  });

  it('exits 3 when it cannot prove a MUST, says why, takes credentials from the environment and never prints a secret', async () => {
    const out = scratchFolder('authproof-conform');
    const result = await run(['conform', '--target', mock.url, '--runs', '5', '--seed', '9', '--report', `json=${out}/report.json`, '--report', `junit=${out}/junit.xml`], {
      AUTHPROOF_BEARER: token,
      AUTHPROOF_MERCHANT: 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f',
    });
    expect(result.status, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/- SKIPPED\s+KEY-SINGLE-ACTIVE\s+MUST\s+[\d.]+ s\s+destructive: rotates or revokes the merchant key; pass --allow-destructive/);
    expect(result.stdout).toMatch(/✓ PASSED\s+JWT-TAMPERED/);
    expect(result.stdout).toMatch(/INCOMPLETE: \d+ MUSTs not proven — KEY-FULL-ONCE \(destructive: /);
    expect(result.stdout).not.toMatch(/^CONFORMANT/m);
    for (const text of [result.stdout, result.stderr, readFileSync(`${out}/report.json`, 'utf8'), readFileSync(`${out}/junit.xml`, 'utf8')]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.split('.')[2]);
    }
  });

  it("certifies a vendor's own annotated document, citing the document where no provider page applies", async () => {
    const dir = scratchFolder('authproof-vendor');
    const vendor = readFileSync(join(packageRoot, 'spec', 'iterapay.openapi.yaml'), 'utf8').replace(/id: iterapay\n  title: IteraPay/, 'id: acme\n  title: Acme Pay');
    writeFileSync(join(dir, 'acme.yaml'), vendor);
    const result = await run(['conform', '--profile', join(dir, 'acme.yaml'), '--fixtures', join(packageRoot, 'fixtures', 'iterapay.json'), '--runs', '5', '--seed', '4', '--report', `html=${dir}/report.html`]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/profile acme \(.*acme\.yaml, sha256 [0-9a-f]{12}…\)/);
    expect(result.stdout).toMatch(/CONFORMANT: 27 of 27 requirements proven/);
    const html = readFileSync(`${dir}/report.html`, 'utf8');
    expect(html).toContain('profile document (x-authproof-key-format of the profile&#39;s merchant-key scheme)');
    expect(html).not.toContain('docs.iterapay.com');
  });

  it('does not claim a key lifecycle it cannot drive: a profile with a key pair per environment is INCOMPLETE, saying why', async () => {
    const dir = scratchFolder('authproof-pairs');
    writeFileSync(join(dir, 'fixtures.json'), JSON.stringify({ users: [{ id: 'u1', email: 'ana@example.com', password: 'ana-password' }, { id: 'u2', email: 'bo@example.com', password: 'bo-password' }] }));
    const result = await run(['conform', '--profile', join(packageRoot, 'mock-server', 'test', 'key-pairs.openapi.yaml'), '--fixtures', join(dir, 'fixtures.json'), '--runs', '5', '--seed', '4']);
    expect(result.status, result.stdout + result.stderr).toBe(3);
    expect(result.stdout).toMatch(/SKIPPED KEY-SINGLE-ACTIVE .*not proven: the profile has 2 key schemes \(secretKey, publicKey\)/);
    expect(result.stdout).toMatch(/PASSED  AUTH-UNKNOWN-KEY/);
    expect(result.stdout).toMatch(/^INCOMPLETE: 5 MUSTs not proven/m);
  });

  it('names what a profile declares that no requirement proves, so a certificate never reads as covering it', async () => {
    const dir = scratchFolder('authproof-rows');
    writeFileSync(join(dir, 'fixtures.json'), JSON.stringify({ users: [{ id: 'u1', email: 'ana@example.com', password: 'ana-password' }, { id: 'u2', email: 'bo@example.com', password: 'bo-password' }] }));
    const result = await run(['conform', '--profile', join(packageRoot, 'mock-server', 'test', 'key-rows.openapi.yaml'), '--fixtures', join(dir, 'fixtures.json'), '--runs', '5', '--seed', '4', '--report', `json=${dir}/report.json`]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('declared by the profile, proven by no requirement of this version (not part of the verdict):\n  per-key IP address lists (x-authproof-ip-allowlist: key on adminKey)\n  permissions (OpenAPI scopes) on me, listUsers, createUser\n');
    expect(JSON.parse(readFileSync(`${dir}/report.json`, 'utf8')).unproven).toHaveLength(2);
  });

  it.each([
    [['conform', '--only', 'NOPE'], /unknown requirement NOPE/],
    [['conform', '--replay', '1:2', '--only', 'KEY-FORMAT'], /--replay needs --seed/],
    [['conform', '--target', 'https://sandbox.example'], /--target needs --bearer/],
    [['conform', '--target', 'https://sandbox.example', '--bearer', 'b'], /--target needs --merchant .*profile iterapay names a merchant/],
    [['conform', '--target', 'sandbox.example', '--merchant', 'm', '--bearer', 'b'], /--target must be an http\(s\) URL/],
    [['conform', '--report', 'pdf=out.pdf'], /expected <junit\|json\|html>=<path>/],
    [['conform', '--runs', '0'], /positive whole number/],
    [['conform', '--target', 'http://127.0.0.1:9', '--target-admin'], /--target-admin resets the target's state/],
    [['conform', '--report', 'json=package.json/report.json'], /cannot write the report package.json\/report.json: E[A-Z]+/],
    [['conform', '--profile', 'nopay'], /unknown profile 'nopay' \(built-in profiles: certopay, iterapay/],
    [['conform', '--profile', '/does/not/exist.yaml'], /cannot read profile \/does\/not\/exist.yaml: ENOENT/],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const result = await run(args);
    expect(result.status).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });
});
