import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../mock-server/package-root.js';
import { scratchFolder } from '../mock-server/test/scratch-folder.js';

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

  it('verifies the shipped pacts, each against its own profile on the embedded mock: exit 0', () => {
    const result = run(join(packageRoot, 'contracts', 'pacts'));
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/profile certopay, .*, 1 pact file, 16 interactions\n/);
    expect(result.stdout).toMatch(/profile iterapay, .*, 1 pact file, 17 interactions\n/);
    expect(result.stdout).toMatch(/33 interactions: 33 passed, 0 failed, 0 incomplete/);
  });

  it.each([
    ['certopay', 'iterapay', 16],
    ['iterapay', 'certopay', 17],
  ])('with --profile %s verifies its shipped pact and skips the %s one (%i interactions)', (profile, other, interactions) => {
    const result = run(join(packageRoot, 'contracts', 'pacts'), '--profile', profile);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^skipped .*authproof-reference-consumer-${other}\\.json .*: a pact for profile ${other}, not ${profile}: verify it with --profile ${other}\n`));
    expect(result.stdout).toMatch(new RegExp(`\n${interactions} interactions: ${interactions} passed, 0 failed, 0 incomplete`));
  });

  describe('a folder holding pacts of two profiles', () => {
    // A CertoPay pact of one interaction beside the shipped IteraPay one.
    const dir = scratchFolder('authproof-vp');
    const iterapay = join(dir, 'shop-iterapay.json');
    copyFileSync(join(packageRoot, 'contracts', 'pacts', 'authproof-reference-consumer-iterapay.json'), iterapay);
    const interaction = {
      description: 'listing orders without an API key is refused',
      providerStates: [{ name: 'an account with a merchant' }],
      request: { method: 'GET', path: '/api/orders' },
      response: { status: 401, body: { statusCode: 401, error: 'Unauthorized', code: 'invalid_api_key' } },
    };
    const pact = { consumer: { name: 'shop' }, provider: { name: 'certopay' }, metadata: { pactSpecification: { version: '3.0.0' } }, interactions: [interaction] };
    writeFileSync(join(dir, 'shop-certopay.json'), JSON.stringify(pact));

    it('verifies each against its own profile without --profile', () => {
      const result = run(dir);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/profile certopay, target embedded mock \(http:\/\/127\.0\.0\.1:\d+\), 1 pact file, 1 interaction\n/);
      expect(result.stdout).toMatch(/profile iterapay, target embedded mock \(http:\/\/127\.0\.0\.1:\d+\), 1 pact file, 17 interactions\n/);
      expect(result.stdout).toMatch(/18 interactions: 18 passed, 0 failed, 0 incomplete/);
    });

    it("verifies the chosen profile's pacts with --profile, and says which pact it skips", () => {
      const result = run(dir, '--profile', 'certopay');
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain(`skipped ${iterapay} (authproof-reference-consumer → iterapay): a pact for profile iterapay, not certopay: verify it with --profile iterapay\n`);
      expect(result.stdout).not.toContain('verify-pact — profile iterapay');
      expect(result.stdout).toMatch(/\n1 interaction: 1 passed, 0 failed, 0 incomplete/);
    });

    it.each([
      [[iterapay, '--profile', 'certopay'], /no pact here is for profile certopay \(.*shop-iterapay\.json is for iterapay\)/],
      [[dir, '--target', 'http://127.0.0.1:9'], /these pacts are for 2 providers \(certopay: .*shop-certopay\.json; iterapay: .*shop-iterapay\.json\) and --target is one: choose its profile with --profile/],
    ])('rejects %j with exit code 2', (args, message) => {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(message);
    });
  });

  it('exits 1 naming the failing interaction, and writes a JUnit report', () => {
    const report = join(scratchFolder('authproof-vp'), 'out', 'pact.xml');
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
    const dir = scratchFolder('authproof-vp');
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
