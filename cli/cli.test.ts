import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../mock-server/package-root.js';
import { scratchFolder } from '../mock-server/test/scratch-folder.js';

const BIN = join(packageRoot, 'bin', 'authproof.js');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A usage error: exit 2 and exactly one line on stderr, no stack trace. */
function expectUsageError(result: ReturnType<typeof run>, message: RegExp): void {
  expect(result.status).toBe(2);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^authproof: error: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('authproof CLI', () => {
  it('explains itself with --help', () => {
    const top = run('--help');
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/serve \[options\]/);
    const serve = run('serve', '--help');
    expect(serve.status).toBe(0);
    for (const flag of ['--profile', '--port', '--host', '--fixtures', '--state-file', '--admin-token', '--rate-limit', '--log-level']) expect(serve.stdout).toContain(flag);
    expect(serve.stdout).toContain('AUTHPROOF_ADMIN_TOKEN');
  });

  it.each([
    [['serve', '--prot', '3'], /unknown option '--prot'.*Did you mean --port\?/],
    [['serve', '--port', 'abc'], /--port <n>.*'abc' is invalid/],
    [['serve', '--port', '70000'], /0 to 65535/],
    [['serve', '--rate-limit', '0'], /positive whole number or 'off'/],
    [['serve', '--log-level', 'loud'], /Allowed choices are fatal, error/],
    [['serve', '--profile', 'nopay'], /unknown profile 'nopay' \(built-in profiles: certopay, iterapay/],
    [['serve', '--fixtures', '/does/not/exist.json'], /cannot read fixtures \/does\/not\/exist.json: ENOENT/],
    [['bogus'], /unknown command 'bogus'/],
  ])('rejects %j with one line and exit code 2', (args, message) => {
    expectUsageError(run(...args), message);
  });

  it('names the problem in a bad fixtures file or a bad custom profile', () => {
    const dir = scratchFolder('authproof-cli');
    writeFileSync(join(dir, 'broken.json'), '{"users": [');
    expectUsageError(run('serve', '--fixtures', join(dir, 'broken.json')), /fixtures .*broken\.json is not valid JSON/);
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ users: [{ id: 'u', email: 'not-an-email', password: 'p' }] }));
    expectUsageError(run('serve', '--fixtures', join(dir, 'invalid.json')), /\/users\/0\/email must match format "email"/);
    writeFileSync(join(dir, 'dupe.json'), JSON.stringify({ users: [{ id: 'u', email: 'a@example.com', password: 'p' }, { id: 'u', email: 'b@example.com', password: 'p' }] }));
    expectUsageError(run('serve', '--fixtures', join(dir, 'dupe.json')), /fixtures: users\[1\]: User u already exists/);
    writeFileSync(join(dir, 'profile.yaml'), 'openapi: 3.1.0\nx-authproof-profile: { id: Bad Id, title: x }\n');
    expectUsageError(run('serve', '--profile', join(dir, 'profile.yaml')), /profile\.yaml: x-authproof-profile: \/id must match pattern/);
  });

  it('says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      expectUsageError(run('serve', '--port', String(port)), new RegExp(`port ${port} on 127.0.0.1 is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('serves with a banner naming the URL, profile, fixture accounts and the first curl, and stops cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--log-level', 'silent']);
    let banner = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        banner += chunk;
        if (banner.includes('Press Ctrl+C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const url = /listening\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(banner).toContain('IteraPay (profile iterapay)');
    expect(banner).toContain('alice@example.com / alice-password  →  merchant b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f');
    expect(banner).toContain('bob@example.com / bob-password  →  merchant 5e1c3f0a-2b7d-4c8e-9f1a-3d2e4b6c8a90');
    expect(banner).toContain(`curl -s -X POST ${url}/auth/login -H 'Content-Type: application/json'`);
    const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }) });
    expect(login.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
