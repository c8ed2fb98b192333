import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { connectAdminTarget } from './targets/admin-target.js';
import { remoteTarget } from './targets/remote-target.js';
import { startBrokenProxy } from './test/broken-proxy.js';
import { faults, servesASubset } from './test/faults.js';
import { prove, requirements, statuses } from './test/self-test-setup.js';

const seed = fastCheckSeed('conformance self-test');
const ALICE_MERCHANT = 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f';
const BOB_MERCHANT = '5e1c3f0a-2b7d-4c8e-9f1a-3d2e4b6c8a90';

describe('the conformance suite', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ logLevel: 'silent' });
  });
  afterAll(() => mock.close());

  it('proves every requirement against the clean embedded mock, on every operation', async () => {
    const target = await connectAdminTarget({ baseUrl: mock.url });
    const report = await prove({ target, seed, runs: 20 });
    expect(statuses(report)).toEqual(Object.fromEntries(requirements.map((requirement) => [requirement.id, 'PASSED'])));
    expect(report.verdict).toBe('CONFORMANT');
    expect(report.proven).toBe(requirements.length);
    expect(report.coverage.filter((row) => row.status === 'not served')).toEqual([]);
    // Every operation that needs a credential was refused without one, and every API-key operation saw a replaced key.
    const byOperation = Object.fromEntries(report.coverage.map((row) => [row.operation, row.requirements]));
    for (const row of report.coverage.filter((candidate) => candidate.status === 'served')) expect(byOperation[row.operation], row.operation).toContain('AUTH-MISSING');
    for (const operation of ['listMerchants', 'createInvoice', 'listInvoices', 'getInvoice', 'listTransactions', 'createWithdrawal']) {
      expect(byOperation[operation], operation).toEqual(expect.arrayContaining(['KEY-SINGLE-ACTIVE', 'KEY-REVOKED-REJECTED', 'AUTH-IP-ALLOWLIST']));
    }
    for (const operation of ['generateKey', 'getKeyInfo', 'revokeKey', 'setIpAddress', 'getIpAddress', 'deleteIpAddress', 'listInvoices']) {
      expect(byOperation[operation], operation).toEqual(expect.arrayContaining(['AUTH-WRONG-KIND', 'AUTH-OTHER-MERCHANT']));
    }
    const passed = report.results.find((result) => result.requirement.id === 'AUTH-MISSING')!;
    expect(passed.evidence!.operations.length).toBe(report.coverage.filter((row) => row.status === 'served').length);
  });

  it('certifies a deployment that serves a subset of the routes, listing the routes it does not serve', async () => {
    const proxy = await startBrokenProxy(mock.url, servesASubset);
    try {
      const report = await prove({ target: await connectAdminTarget({ baseUrl: proxy.url }), seed, runs: 10 });
      expect(report.verdict).toBe('CONFORMANT');
      expect(report.proven).toBe(requirements.length);
      expect(report.coverage.filter((row) => row.status === 'not served').map((row) => row.operation).sort()).toEqual(['createMerchant', 'listMerchants']);
    } finally {
      await proxy.close();
    }
  });

  it('shrinks a lifecycle failure to a replayable sequence of HTTP steps', async () => {
    const proxy = await startBrokenProxy(mock.url, faults['lets a replaced key back in after its first refusal']);
    try {
      const target = await connectAdminTarget({ baseUrl: proxy.url });
      const run = (replayPath?: string) => prove({ target, seed, runs: 20, only: ['KEY-SINGLE-ACTIVE'], replayPath });
      const [failure] = (await run()).results;
      const example = failure!.counterexample!;
      expect(example.expected).toMatch(/^401 on \w+: a replaced key stops working at once and for good$/);
      expect(example.got).toBe('200 (application/json)');
      expect(example.path).toBeDefined();
      const lines = example.steps.map((step) => `${step.method} ${step.status} ${step.label}`);
      expect(lines.at(-1)).toMatch(/^\w+ 20\d call \w+ with the replaced key$/);
      expect(lines.filter((line) => / 401 call \w+ with the replaced key$/.test(line))).toHaveLength(1);
      expect(lines.length).toBeLessThanOrEqual(5);
      const [replayed] = (await run(example.path)).results;
      expect(replayed!.counterexample!.steps).toEqual(example.steps);
    } finally {
      await proxy.close();
    }
  });

  it('never calls a deployment given only its URL, a merchant and a token CONFORMANT: what it cannot prove is INCOMPLETE', async () => {
    const login = await fetch(`${mock.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"alice@example.com","password":"alice-password"}' });
    const { token } = (await login.json()) as { token: string };
    const report = await prove({ target: remoteTarget({ baseUrl: mock.url, merchant: ALICE_MERCHANT, bearer: token }), seed, runs: 10 });
    const byStatus = statuses(report);
    expect(byStatus['KEY-SINGLE-ACTIVE']).toBe('SKIPPED');
    expect(report.results.find((result) => result.requirement.id === 'KEY-SINGLE-ACTIVE')!.reason).toMatch(/--allow-destructive/);
    expect(byStatus['JWT-EXPIRED']).toBe('SKIPPED');
    for (const id of ['AUTH-MISSING', 'AUTH-MALFORMED', 'AUTH-UNKNOWN-KEY', 'JWT-ALG-NONE', 'JWT-TAMPERED', 'ERROR-DIALECT', 'ROBUST-NO-5XX']) expect(byStatus[id], id).toBe('PASSED');
    expect(report.verdict).toBe('INCOMPLETE');

    const destructive = remoteTarget({ baseUrl: mock.url, merchant: ALICE_MERCHANT, bearer: token, allowDestructive: true, otherMerchant: BOB_MERCHANT });
    const lifecycle = requirements.filter((requirement) => requirement.check === 'lifecycle').map((requirement) => requirement.id);
    const second = await prove({ target: destructive, seed, runs: 10, only: lifecycle });
    expect(Object.values(statuses(second))).toEqual(lifecycle.map(() => 'PASSED'));
  });
});
