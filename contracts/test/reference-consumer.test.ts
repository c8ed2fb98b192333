import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, CONSUMER, referencePact } from './reference-consumer.js';

describe('the reference consumers’ pact', () => {
  const login = (pact: ReturnType<typeof referencePact>['pact']) =>
    pact.addInteraction().given('an account with a merchant').uponReceiving('log in').withRequest('POST', '/login').willRespondWith(204);

  it('runs an interaction again when Pact reports its request expected but not received, and writes it once', async () => {
    const { pact, dir } = referencePact('race');
    let runs = 0;
    await login(pact).executeTest(async (server) => {
      runs += 1;
      // The first run sends nothing: Pact reports it as its mock server does when the race strikes.
      if (runs > 1) expect((await call(server.url, 'POST', '/login')).status).toBe(204);
    });
    expect(runs).toBe(2);
    const written = JSON.parse(readFileSync(join(dir, `${CONSUMER}-race.json`), 'utf8')) as { interactions: Array<{ description: string }> };
    expect(written.interactions.map((interaction) => interaction.description)).toEqual(['log in']);
  });

  it('fails a consumer that never sends the request, after three runs, and writes nothing', async () => {
    const { pact, dir } = referencePact('silent');
    let runs = 0;
    await expect(login(pact).executeTest(async () => void (runs += 1))).rejects.toThrow(/expected but not received/);
    expect(runs).toBe(3);
    expect(existsSync(join(dir, `${CONSUMER}-silent.json`))).toBe(false);
  });

  it('does not run again a consumer test that fails by itself', async () => {
    const { pact } = referencePact('failing');
    let runs = 0;
    await expect(
      login(pact).executeTest(async (server) => {
        runs += 1;
        await call(server.url, 'POST', '/login');
        throw new Error('the consumer could not parse the answer');
      }),
    ).rejects.toThrow('the consumer could not parse the answer');
    expect(runs).toBe(1);
  });
});
