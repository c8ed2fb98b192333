import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockServer } from '../index.js';
import { fastCheckSeed } from '../test/fast-check-seed.js';
import { ALICE, ALICE_MERCHANT, BOB, BOB_MERCHANT, KEY_PATTERN, client, type Client } from '../test/iterapay.js';
import { startIterapay } from '../test/iterapay.js';

const seed = fastCheckSeed('key-lifecycle.property');
const MERCHANTS = [ALICE_MERCHANT, BOB_MERCHANT] as const;
type Merchant = (typeof MERCHANTS)[number];

/** What the system should know: the live key per merchant and every key that must never work again. */
interface Model {
  live: Record<Merchant, string | null>;
  dead: Array<{ merchant: Merchant; key: string }>;
}

interface Real {
  api: Client;
  bearer: Record<Merchant, Record<string, string>>;
  server: MockServer;
}

const invoices = (merchant: Merchant) => `/merchants/${merchant}/invoices`;

class Generate implements fc.AsyncCommand<Model, Real> {
  constructor(readonly merchant: Merchant) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await real.api.request('POST', `/key/generate/${this.merchant}`, { headers: real.bearer[this.merchant] });
    expect(response.status).toBe(200);
    const { key } = (await response.json()) as { key: string };
    expect(key).toMatch(KEY_PATTERN);
    expect([...Object.values(model.live), ...model.dead.map((entry) => entry.key)]).not.toContain(key);
    const previous = model.live[this.merchant];
    if (previous) model.dead.push({ merchant: this.merchant, key: previous });
    model.live[this.merchant] = key;
  }
  toString = () => `POST /key/generate/${this.merchant}`;
}

class Revoke implements fc.AsyncCommand<Model, Real> {
  constructor(readonly merchant: Merchant) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await real.api.request('DELETE', `/key/revoke/${this.merchant}`, { headers: real.bearer[this.merchant] });
    const live = model.live[this.merchant];
    expect(response.status).toBe(live ? 204 : 404);
    if (live) {
      expect(await response.text()).toBe('');
      model.dead.push({ merchant: this.merchant, key: live });
      model.live[this.merchant] = null;
    }
  }
  toString = () => `DELETE /key/revoke/${this.merchant}`;
}

class UseLive implements fc.AsyncCommand<Model, Real> {
  constructor(readonly merchant: Merchant) {}
  check = (model: Readonly<Model>) => model.live[this.merchant] !== null;
  async run(model: Model, real: Real) {
    const response = await real.api.request('GET', invoices(this.merchant), { headers: { 'x-api-key': model.live[this.merchant]! } });
    expect(response.status).toBe(200);
  }
  toString = () => `GET ${invoices(this.merchant)} with the live key`;
}

class UseDead implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.dead.length > 0;
  async run(model: Model, real: Real) {
    const { merchant, key } = model.dead[this.pick % model.dead.length]!;
    const response = await real.api.request('GET', invoices(merchant), { headers: { 'x-api-key': key } });
    expect(response.status).toBe(401);
  }
  toString = () => `GET invoices with dead key #${this.pick}`;
}

class UseOnOtherMerchant implements fc.AsyncCommand<Model, Real> {
  constructor(readonly merchant: Merchant) {}
  check = (model: Readonly<Model>) => model.live[this.merchant] !== null;
  async run(model: Model, real: Real) {
    const other = this.merchant === ALICE_MERCHANT ? BOB_MERCHANT : ALICE_MERCHANT;
    const response = await real.api.request('GET', invoices(other), { headers: { 'x-api-key': model.live[this.merchant]! } });
    expect(response.status).toBe(403);
  }
  toString = () => `GET another merchant's invoices with ${this.merchant}'s key`;
}

class Info implements fc.AsyncCommand<Model, Real> {
  constructor(readonly merchant: Merchant) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const response = await real.api.request('GET', `/key/info/${this.merchant}`, { headers: real.bearer[this.merchant] });
    const live = model.live[this.merchant];
    expect(response.status).toBe(live ? 200 : 404);
    if (live) {
      const info = (await response.json()) as { prefix: string; createdAt: string; lastUsedAt: string | null };
      expect(info.prefix).toBe(live.slice(0, 17));
      if (info.lastUsedAt) expect(Date.parse(info.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(info.createdAt));
    }
  }
  toString = () => `GET /key/info/${this.merchant}`;
}

class AdvanceClock implements fc.AsyncCommand<Model, Real> {
  constructor(readonly seconds: number) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    await real.server.admin.advanceClock(this.seconds);
  }
  toString = () => `advance the clock ${this.seconds} s`;
}

describe('key lifecycle invariants (model-based, fast-check)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startIterapay({ rateLimit: 'off', clock: { start: '2030-01-01T00:00:00Z', frozen: true } });
  });
  afterAll(() => server.close());

  it('keeps one live key per merchant; replaced and revoked keys get 401 for ever; keys never cross merchants', async () => {
    const merchant = fc.constantFrom(...MERCHANTS);
    const commands = fc.commands(
      [
        merchant.map((m) => new Generate(m)),
        merchant.map((m) => new Revoke(m)),
        merchant.map((m) => new UseLive(m)),
        fc.nat().map((n) => new UseDead(n)),
        merchant.map((m) => new UseOnOtherMerchant(m)),
        merchant.map((m) => new Info(m)),
        fc.integer({ min: 1, max: 7200 }).map((s) => new AdvanceClock(s)),
      ],
      { maxCommands: 30 },
    );
    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        await server.admin.reset();
        const api = client(server);
        const tokens = await Promise.all(
          [ALICE, BOB].map((user) => server.admin.mintToken({ userId: user.id, expiresInSeconds: 10_000_000 })),
        );
        const real: Real = {
          api,
          server,
          bearer: { [ALICE_MERCHANT]: { authorization: `Bearer ${tokens[0]!.token}` }, [BOB_MERCHANT]: { authorization: `Bearer ${tokens[1]!.token}` } } as Real['bearer'],
        };
        await fc.asyncModelRun(() => ({ model: { live: { [ALICE_MERCHANT]: null, [BOB_MERCHANT]: null } as Model['live'], dead: [] }, real }), sequence);
      }),
      { seed, numRuns: 40 },
    );
  });
});
