import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../core/secret-hash.js';
import { packageRoot } from '../package-root.js';
import { parseYaml } from '../profile/parse-yaml.js';
import { startMockServer, type MockServer } from '../start-mock-server.js';
import { ALICE, ALICE_MERCHANT, BOB, BOB_MERCHANT } from '../test/iterapay.js';
import { scratchFolder } from '../test/scratch-folder.js';

const READER = `iterapay_live_${'r'.repeat(32)}`;
const WRITER = `iterapay_live_${'w'.repeat(32)}`;

/** IteraPay's document whose invoice list asks the key for the scope `invoices.read`. */
async function scopedProfile(): Promise<string> {
  const document = (await parseYaml(readFileSync(join(packageRoot, 'spec', 'iterapay.openapi.yaml'), 'utf8'))) as Record<string, any>;
  document.paths['/merchants/{merchantID}/invoices'].get.security = [{ apiKeyAuth: ['invoices.read'] }];
  const file = join(scratchFolder('authproof-scopes'), 'scoped.json');
  writeFileSync(file, JSON.stringify(document));
  return file;
}

describe('OpenAPI scopes as permissions', () => {
  let server: MockServer;
  const status = async (key: string, merchant: string) => (await fetch(`${server.url}/merchants/${merchant}/invoices`, { headers: { 'x-api-key': key } })).status;

  beforeAll(async () => {
    server = await startMockServer({
      profile: await scopedProfile(),
      logLevel: 'silent',
      fixtures: {
        users: [
          { ...ALICE, merchants: [{ id: ALICE_MERCHANT, name: 'A', apiKey: { value: READER, permissions: ['invoices.read'] } }] },
          { ...BOB, merchants: [{ id: BOB_MERCHANT, name: 'B', apiKey: { value: WRITER, permissions: ['invoices.write'] } }] },
        ],
      },
    });
  });
  afterAll(() => server.close());

  it('admits a key that holds the scope, refuses one that does not with 403, and admits a key with no permission list', async () => {
    expect(await status(READER, ALICE_MERCHANT)).toBe(200);
    const refused = await fetch(`${server.url}/merchants/${BOB_MERCHANT}/invoices`, { headers: { 'x-api-key': WRITER } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ status: 403, detail: 'This credential lacks the permission invoices.read' });
    const login = await fetch(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ALICE.email, password: ALICE.password }) });
    const { token } = (await login.json()) as { token: string };
    const { key } = (await (await fetch(`${server.url}/key/generate/${ALICE_MERCHANT}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { key: string };
    expect(await status(key, ALICE_MERCHANT)).toBe(200);
  });

  it('records the use of a key before refusing it for a permission', async () => {
    const state = await server.admin.exportState();
    expect(state.keys[hashSecret(WRITER)]!.lastUsedAt).not.toBeNull();
  });
});
