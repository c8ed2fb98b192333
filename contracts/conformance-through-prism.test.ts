import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinSurfaces, loadSurface } from '../conformance/profile/load-surface.js';
import { catalogueIds, loadRequirements } from '../conformance/requirements.js';
import { runConformance } from '../conformance/run-conformance.js';
import { connectAdminTarget } from '../conformance/targets/admin-target.js';
import { startMockServer, type MockServer } from '../mock-server/index.js';
import { packageRoot } from '../mock-server/package-root.js';
import { fastCheckSeed } from '../mock-server/test/fast-check-seed.js';
import { startPrismProxy, type PrismProxy } from './test/start-prism-proxy.js';

const specDir = join(packageRoot, 'spec');
const seed = fastCheckSeed('conformance through Prism');

describe.each(builtinSurfaces(specDir))('the whole conformance run of %s, through Prism', (profile) => {
  let mock: MockServer;
  let prism: PrismProxy;
  beforeAll(async () => {
    mock = await startMockServer({ profile, logLevel: 'silent' });
    prism = await startPrismProxy(mock.url, join(specDir, `${profile}.openapi.yaml`));
  });
  afterAll(async () => {
    await prism?.close();
    await mock?.close();
  });

  it('is CONFORMANT, and Prism finds no response that violates the profile document', async () => {
    const surface = loadSurface(profile, specDir);
    const catalogue = join(specDir, 'requirements.yaml');
    const target = await connectAdminTarget({ baseUrl: prism.url, adminUrl: mock.url });
    const report = await runConformance({ target, surface, requirements: loadRequirements(catalogue, surface), catalogue: catalogueIds(catalogue), seed, runs: 20 });
    const failures = report.results.filter((result) => result.status !== 'PASSED').map((result) => `${result.requirement.id}: ${result.reason ?? ''}${result.counterexample ? `expected ${result.counterexample.expected}, got ${result.counterexample.got}` : ''}`);
    expect(failures).toEqual([]);
    expect(report.verdict).toBe('CONFORMANT');
    expect(prism.violations()).toEqual([]);
  });
});
