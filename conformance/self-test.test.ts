import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { iterapaySurface } from './iterapay-surface.js';
import { loadRequirements } from './requirements.js';
import { runConformance, type ConformanceReport } from './run-conformance.js';
import { connectAdminTarget } from './targets/admin-target.js';
import { remoteTarget } from './targets/remote-target.js';
import { startBrokenProxy } from './test/broken-proxy.js';
import { faults } from './test/faults.js';

const seed = fastCheckSeed('conformance self-test');
const requirements = loadRequirements(join(packageRoot, 'spec', 'requirements.yaml'), 'iterapay');
const statuses = (report: ConformanceReport) => Object.fromEntries(report.results.map((result) => [result.requirement.id, result.status]));

describe('the conformance suite', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ logLevel: 'silent' });
  });
  afterAll(() => mock.close());

  it('passes every requirement against the clean embedded mock', async () => {
    const target = await connectAdminTarget({ baseUrl: mock.url });
    const report = await runConformance({ target, surface: iterapaySurface, requirements, seed, runs: 20 });
    expect(statuses(report)).toEqual(Object.fromEntries(requirements.map((requirement) => [requirement.id, 'PASSED'])));
    expect(report.passed).toBe(true);
  });

  describe.each(Object.entries(faults))('against a target that %s', (_name, fault) => {
    it(`fails ${fault.breaks}, with a counterexample, and passes an unrelated requirement`, async () => {
      const proxy = await startBrokenProxy(mock.url, fault);
      try {
        const target = await connectAdminTarget({ baseUrl: proxy.url });
        const only = [...new Set([fault.breaks, fault.breaks === 'AUTH-MISSING-401' ? 'KEY-FORMAT' : 'AUTH-MISSING-401'])];
        const report = await runConformance({ target, surface: iterapaySurface, requirements, seed, runs: 20, only });
        const broken = report.results.find((result) => result.requirement.id === fault.breaks)!;
        expect(broken.status).toBe(broken.requirement.level === 'MUST' ? 'FAILED' : 'WARNING');
        expect(broken.counterexample ?? broken.reason).toBeDefined();
        expect(report.results.find((result) => result.requirement.id !== fault.breaks)!.status).toBe('PASSED');
        expect(report.passed).toBe(broken.requirement.level !== 'MUST');
      } finally {
        await proxy.close();
      }
    });
  });

  it('shrinks a lifecycle failure to a replayable sequence of HTTP steps', async () => {
    const proxy = await startBrokenProxy(mock.url, faults['keeps replaced keys alive']);
    try {
      const target = await connectAdminTarget({ baseUrl: proxy.url });
      const run = (replayPath?: string) =>
        runConformance({ target, surface: iterapaySurface, requirements, seed, runs: 20, only: ['KEY-SINGLE-ACTIVE'], replayPath });
      const [failure] = (await run()).results;
      const example = failure!.counterexample!;
      expect(example.expected).toBe('401: a replaced key stops working at once');
      expect(example.got).toBe('200 (application/json)');
      expect(example.steps.map((step) => `${step.method} ${step.status} ${step.label}`)).toEqual([
        'POST 200 generate a key (Bearer)',
        'POST 200 generate a key (Bearer)',
        'GET 200 call a payment operation with a replaced key',
      ]);
      const [replayed] = (await run(example.path)).results;
      expect(replayed!.counterexample!.steps).toEqual(example.steps);
    } finally {
      await proxy.close();
    }
  });

  it('certifies a deployment given only its URL, a merchant and a token, skipping what it cannot prove', async () => {
    const login = await fetch(`${mock.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"alice@example.com","password":"alice-password"}' });
    const { token } = (await login.json()) as { token: string };
    const target = remoteTarget({ baseUrl: mock.url, merchant: 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f', bearer: token });
    const report = await runConformance({ target, surface: iterapaySurface, requirements, seed, runs: 10 });
    const byStatus = statuses(report);
    expect(byStatus['KEY-SINGLE-ACTIVE']).toBe('SKIPPED');
    expect(report.results.find((result) => result.requirement.id === 'KEY-SINGLE-ACTIVE')!.reason).toMatch(/--allow-destructive/);
    expect(byStatus['JWT-EXPIRED']).toBe('SKIPPED');
    for (const id of ['AUTH-MISSING-401', 'AUTH-MALFORMED-401', 'JWT-ALG-NONE', 'JWT-TAMPERED', 'ERROR-PROBLEM-JSON', 'ROBUST-NO-5XX']) expect(byStatus[id], id).toBe('PASSED');
    expect(report.passed).toBe(true);

    const destructive = remoteTarget({ baseUrl: mock.url, merchant: 'b0fcc813-a7ce-4bbc-932f-dbef6f59ca7f', bearer: token, allowDestructive: true, otherMerchant: '5e1c3f0a-2b7d-4c8e-9f1a-3d2e4b6c8a90' });
    const lifecycle = requirements.filter((requirement) => requirement.check === 'lifecycle').map((requirement) => requirement.id);
    const second = await runConformance({ target: destructive, surface: iterapaySurface, requirements, seed, runs: 10, only: lifecycle });
    expect(Object.values(statuses(second))).toEqual(lifecycle.map(() => 'PASSED'));
  });
});
