import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { describeExchange } from './describe-exchange.js';
import { PactReadError, readPacts } from './read-pacts.js';
import { verifyPacts } from './verify-pacts.js';
import { scratchFolder } from '../mock-server/test/scratch-folder.js';

const HAND_WRITTEN = join(import.meta.dirname, 'test', 'shop-iterapay.v3.json');

describe('verifyPacts (Pact Verifier against the mock)', () => {
  let mock: MockServer;
  const verify = (paths: string[]) =>
    verifyPacts({
      pacts: readPacts(paths),
      providerBaseUrl: mock.url,
      providerStatesUrl: `${mock.url}/__admin/provider-states`,
      describeExchange: (exchange) => describeExchange(mock.profile, exchange),
    });

  beforeAll(async () => {
    mock = await startMockServer({ profile: 'iterapay', logLevel: 'silent' });
  });
  afterAll(() => mock.close());

  it('names the wrong interaction of a hand-written V3 pact and says why in plain words', async () => {
    const verdicts = await verify([HAND_WRITTEN]);
    expect(verdicts.map(({ interaction, status }) => [interaction.description, status])).toEqual([
      ['listing invoices without an API key is refused', 'passed'],
      ["an API key lists its merchant's invoices", 'passed'],
      ['generating a key with an API key is refused as unauthenticated', 'failed'],
      ['a key from before the allowlist was set is refused from another address', 'passed'],
    ]);
    expect(verdicts[2]!.reasons).toEqual([
      'expected 401, the provider answers 403 to an API key on a Bearer-only operation (POST /key/generate/{merchantID}): "This operation requires a Bearer token; an API key (X-Api-Key) is not accepted"',
    ]);
  });

  it('reports an interaction whose provider state cannot be set up as incomplete, with the reason', async () => {
    const dir = scratchFolder('authproof-pacts');
    writeFileSync(
      join(dir, 'v2.json'),
      JSON.stringify({
        consumer: { name: 'old-shop' },
        provider: { name: 'iterapay' },
        interactions: [
          { description: 'needs a state nobody knows', providerState: 'a merchant with a golden key', request: { method: 'GET', path: '/merchants' }, response: { status: 401 } },
          { description: 'asks without credential', request: { method: 'GET', path: '/merchants' }, response: { status: 401 } },
        ],
        metadata: { pactSpecification: { version: '2.0.0' } },
      }),
    );
    const verdicts = await verify([dir]);
    expect(verdicts.map((verdict) => verdict.status)).toEqual(['incomplete', 'passed']);
    expect(verdicts[0]!.reasons[0]).toMatch(/^provider state 'a merchant with a golden key' could not be set up: the provider-states URL answered 400: Unknown provider state/);
  });

  it('refuses what is not a V2–V4 pact, naming the file', () => {
    const dir = scratchFolder('authproof-pacts');
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    expect(() => readPacts([join(dir, 'missing.json')])).toThrow(/cannot read .*missing\.json \(ENOENT\)/);
    expect(() => readPacts([write('broken.json', '{')])).toThrow(/broken\.json is not valid JSON/);
    expect(() => readPacts([write('other.json', '{"name": "x"}')])).toThrow(/other\.json is not a Pact file/);
    const v1 = { consumer: { name: 'a' }, provider: { name: 'b' }, interactions: [], metadata: { pactSpecification: { version: '1.0.0' } } };
    expect(() => readPacts([write('v1.json', JSON.stringify(v1))])).toThrow(/follows Pact specification 1\.0\.0; verify-pact reads V2 to V4/);
    expect(() => readPacts([scratchFolder('authproof-empty')])).toThrow(PactReadError);
  });
});
