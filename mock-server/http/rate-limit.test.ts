import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MockServer } from '../index.js';
import { ALICE, ALICE_MERCHANT, BOB, client, expectProblem, startIterapay, type Client } from '../test/iterapay.js';

const INVOICES = `/merchants/${ALICE_MERCHANT}/invoices`;

describe('rate limit: 100 requests per rolling 60 s per API key (assumption ITP-A7)', () => {
  let server: MockServer;
  let api: Client;
  let token: string;

  beforeAll(async () => {
    server = await startIterapay({ clock: { start: '2026-01-01T00:00:00Z', frozen: true } });
    api = client(server);
  });
  beforeEach(async () => {
    await server.admin.reset();
    token = await api.login();
  });
  afterAll(() => server.close());

  const burst = async (key: string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i += 1) statuses.push((await api.request('GET', INVOICES, { headers: { 'x-api-key': key } })).status);
    return statuses;
  };

  it('answers the 101st request in the window with 429 and Retry-After in whole seconds', async () => {
    const key = await api.generateKey(token);
    expect(new Set(await burst(key, 100))).toEqual(new Set([200]));
    const limited = await api.request('GET', INVOICES, { headers: { 'x-api-key': key } });
    expect((await expectProblem(limited, 429)).detail).toMatch(/100 requests per 60 s/);
    expect(limited.headers.get('retry-after')).toBe('60');
  });

  it('rolls: the window admits requests again as the oldest ones leave it, and 429s do not count', async () => {
    const key = await api.generateKey(token);
    await burst(key, 50);
    await server.admin.advanceClock(30);
    await burst(key, 50);
    expect(await burst(key, 3)).toEqual([429, 429, 429]);
    await server.admin.advanceClock(29.5);
    const stillLimited = await api.request('GET', INVOICES, { headers: { 'x-api-key': key } });
    expect(stillLimited.headers.get('retry-after')).toBe('1');
    await server.admin.advanceClock(0.5);
    expect(await burst(key, 50)).toEqual(Array(50).fill(200));
    expect(await burst(key, 1)).toEqual([429]);
  });

  it('counts per key: a new key starts with a fresh window, and Bearer operations are not limited', async () => {
    const first = await api.generateKey(token);
    await burst(first, 100);
    expect(await burst(first, 1)).toEqual([429]);
    const second = await api.generateKey(token);
    expect(await burst(second, 1)).toEqual([200]);
    for (let i = 0; i < 105; i += 1) {
      const response = await api.request('GET', `/ipAddress/${ALICE_MERCHANT}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
    }
  });
});

describe('rate limit configuration', () => {
  it('follows --rate-limit n and can be turned off', async () => {
    for (const [rateLimit, expected] of [[3, [200, 200, 200, 429]], ['off', [200, 200, 200, 200]]] as const) {
      const server = await startIterapay({ rateLimit });
      try {
        const api = client(server);
        const key = await api.generateKey(await api.login());
        const statuses = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await api.request('GET', INVOICES, { headers: { 'x-api-key': key } })).status);
        expect(statuses).toEqual(expected);
      } finally {
        await server.close();
      }
    }
  });
});

describe('login attempts: 10 failed logins per rolling 15 min per account (assumption ITP-A12)', () => {
  it('answers 429 with Retry-After once an account has 10 failures in the window, whatever the password, until it rolls', async () => {
    const server = await startIterapay({ clock: { start: '2026-01-01T00:00:00Z', frozen: true } });
    try {
      const api = client(server);
      const attempt = (email: string, password: string) => api.request('POST', '/auth/login', { body: { email, password } });
      const statuses = await Promise.all(Array.from({ length: 12 }, () => attempt(ALICE.email, 'wrong-password').then((response) => response.status)));
      expect(statuses.sort()).toEqual([...Array(10).fill(401), 429, 429]);
      const limited = await attempt(ALICE.email, ALICE.password);
      expect((await expectProblem(limited, 429)).detail).toMatch(/failed logins/);
      expect(limited.headers.get('retry-after')).toBe('900');
      expect((await attempt(ALICE.email.toUpperCase(), ALICE.password)).status).toBe(429);
      expect((await attempt(BOB.email, BOB.password)).status).toBe(200);
      await server.admin.advanceClock(900);
      expect((await attempt(ALICE.email, ALICE.password)).status).toBe(200);
      // Successful logins do not count; unknown accounts are limited alike, so the answer tells nothing.
      for (let i = 0; i < 12; i += 1) expect((await attempt(ALICE.email, ALICE.password)).status).toBe(200);
      for (let i = 0; i < 10; i += 1) expect((await attempt('nobody@example.com', 'x')).status).toBe(401);
      expect((await attempt('nobody@example.com', 'x')).status).toBe(429);
    } finally {
      await server.close();
    }
  });
});
