import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { connectAdminTarget } from './targets/admin-target.js';
import { startBrokenProxy, type Fault } from './test/broken-proxy.js';
import { certopayFaults } from './test/certopay-faults.js';
import { faults } from './test/faults.js';
import { catalogue, selfTestProfile, statuses } from './test/self-test-setup.js';

const seed = fastCheckSeed('conformance broken targets');
/** Every profile with a faults table. */
const profiles: Array<[string, Record<string, Fault>]> = [
  ['iterapay', faults],
  ['certopay', certopayFaults],
];

describe.each(profiles)('the deliberately broken %s targets', (profile, table) => {
  const { requirements, prove } = selfTestProfile(profile);
  const all = Object.entries(table);

  it('break every requirement of the profile, each on at least one target, and name only real requirements that apply to it', () => {
    const applicable = new Set(requirements.map((requirement) => requirement.id));
    const broken = new Set(all.map(([, fault]) => fault.breaks));
    expect([...applicable].filter((id) => !broken.has(id))).toEqual([]);
    for (const [name, fault] of all) {
      for (const id of [fault.breaks, ...(fault.unprovable ?? [])]) expect(catalogue.has(id) && applicable.has(id), `${name}: ${id}`).toBe(true);
    }
  });

  describe.each(all)('against a target that %s', (_name, fault) => {
    let mock: MockServer;
    beforeAll(async () => {
      mock = await startMockServer({ profile, logLevel: 'silent' });
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
});
