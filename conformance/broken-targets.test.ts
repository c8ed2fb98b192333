import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { connectAdminTarget } from './targets/admin-target.js';
import { startBrokenProxy, type Fault } from './test/broken-proxy.js';
import { faults } from './test/faults.js';
import { catalogue, prove, requirements, statuses } from './test/self-test-setup.js';

const seed = fastCheckSeed('conformance broken targets');
const all: Array<[string, Fault]> = Object.entries(faults);

describe('the deliberately broken targets', () => {
  it('break every requirement of the catalogue, each on at least one target, and name only real requirements', () => {
    const broken = new Set(all.map(([, fault]) => fault.breaks));
    expect(requirements.map((requirement) => requirement.id).filter((id) => !broken.has(id))).toEqual([]);
    for (const [name, fault] of all) {
      for (const id of [fault.breaks, ...(fault.unprovable ?? [])]) expect(catalogue.has(id), `${name}: ${id}`).toBe(true);
    }
  });
});

describe.each(all)('against a target that %s', (_name, fault) => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ logLevel: 'silent' });
  });
  afterAll(() => mock.close());

  it(`fails ${fault.breaks} with a counterexample and passes every requirement it does not break`, async () => {
    const proxy = await startBrokenProxy(mock.url, fault);
    try {
      const report = await prove({ target: await connectAdminTarget({ baseUrl: proxy.url }), seed, runs: 5, timeoutMs: 1000 });
      const broken = report.results.find((result) => result.requirement.id === fault.breaks)!;
      const expected = Object.fromEntries(
        requirements.map((requirement) => [
          requirement.id,
          requirement.id === fault.breaks ? (requirement.level === 'MUST' ? 'FAILED' : 'WARNING') : fault.unprovable?.includes(requirement.id) ? 'SKIPPED' : 'PASSED',
        ]),
      );
      expect(statuses(report)).toEqual(expected);
      expect(broken.counterexample!.steps.length).toBeGreaterThan(0);
      const unprovableMust = requirements.some((requirement) => fault.unprovable?.includes(requirement.id) && requirement.level === 'MUST');
      expect(report.verdict).toBe(broken.requirement.level === 'MUST' ? 'NOT CONFORMANT' : unprovableMust ? 'INCOMPLETE' : 'CONFORMANT');
    } finally {
      await proxy.close();
    }
  });
});
