import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { parseYaml } from '../profile/parse-yaml.js';
import { startMockServer, type MockServer } from '../start-mock-server.js';
import { ALICE, ALICE_MERCHANT } from '../test/iterapay.js';
import { scratchFolder } from '../test/scratch-folder.js';

/** IteraPay's document with its API key moved into `Authorization: Bearer PAYM…`, beside the JWT. */
async function sharedHeaderProfile(): Promise<string> {
  const document = (await parseYaml(readFileSync(join(packageRoot, 'spec', 'iterapay.openapi.yaml'), 'utf8'))) as Record<string, any>;
  const key = document.components.securitySchemes.apiKeyAuth;
  document.components.securitySchemes.apiKeyAuth = {
    type: 'http',
    scheme: 'bearer',
    'x-authproof-credential': 'merchant-key',
    'x-authproof-key-format': { prefix: 'PAYM', length: 64, alphabet: '0123456789abcdef', displayPrefixLength: 8 },
    'x-authproof-rate-limit': key['x-authproof-rate-limit'],
  };
  document.components.schemas.GeneratedKey.properties.key.pattern = '^PAYM[0-9a-f]{64}$';
  const file = join(scratchFolder('authproof-shared'), 'shared.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('two schemes in one header', () => {
  let server: MockServer;
  let token: string;
  let key: string;
  const status = async (method: string, path: string, bearer: string) => (await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${bearer}` } })).status;

  beforeAll(async () => {
    server = await startMockServer({ profile: await sharedHeaderProfile(), fixtures: join(packageRoot, 'fixtures', 'iterapay.json'), logLevel: 'silent' });
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ALICE.email, password: ALICE.password }) });
    token = ((await login.json()) as { token: string }).token;
    const issued = await fetch(`${server.url}/key/generate/${ALICE_MERCHANT}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    key = ((await issued.json()) as { key: string }).key;
  });
  afterAll(() => server.close());

  it('routes a value to the scheme whose shape it has: a PAYM… key to the key, a JWT to the token', async () => {
    expect(key).toMatch(/^PAYM[0-9a-f]{64}$/);
    expect(await status('GET', `/merchants/${ALICE_MERCHANT}/invoices`, key)).toBe(200);
    expect(await status('GET', `/key/info/${ALICE_MERCHANT}`, token)).toBe(200);
  });

  it('answers a valid credential of the wrong kind as such, not as a malformed one of the other scheme', async () => {
    expect(await status('GET', `/key/info/${ALICE_MERCHANT}`, key)).toBe(403);
    expect(await status('GET', `/merchants/${ALICE_MERCHANT}/invoices`, token)).toBe(403);
  });

  it('refuses a value of no scheme’s shape with 401', async () => {
    expect(await status('GET', `/merchants/${ALICE_MERCHANT}/invoices`, 'nonsense')).toBe(401);
    expect(await status('GET', `/key/info/${ALICE_MERCHANT}`, 'PAYMnothex')).toBe(401);
  });
});
