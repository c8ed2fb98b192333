import { join } from 'node:path';
import { packageRoot } from '../../mock-server/package-root.js';
import { loadSurface } from '../profile/load-surface.js';
import type { Surface } from '../profile/surface.js';
import { catalogueIds, loadRequirements, type Requirement } from '../requirements.js';
import { runConformance, type ConformanceOptions, type ConformanceReport, type Status } from '../run-conformance.js';

const specDir = join(packageRoot, 'spec');
/** Every requirement id of the catalogue. */
export const catalogue = catalogueIds(join(specDir, 'requirements.yaml'));

/** A profile the self-tests prove: its surface, its applicable requirements and the suite run on it. */
export interface SelfTestProfile {
  surface: Surface;
  requirements: Requirement[];
  prove(options: Omit<ConformanceOptions, 'surface' | 'requirements' | 'catalogue'>): Promise<ConformanceReport>;
}

/** The self-tests' view of a built-in profile (`iterapay`, `certopay`) or of an annotated OpenAPI file. */
export function selfTestProfile(nameOrPath: string): SelfTestProfile {
  const surface = loadSurface(nameOrPath, specDir);
  const requirements = loadRequirements(join(specDir, 'requirements.yaml'), surface);
  return { surface, requirements, prove: (options) => runConformance({ surface, requirements, catalogue, ...options }) };
}

/** The profile of the self-tests that name none: IteraPay. */
export const { surface, requirements, prove } = selfTestProfile('iterapay');

/** Each requirement's status. */
export const statuses = (report: ConformanceReport): Record<string, Status> => Object.fromEntries(report.results.map((result) => [result.requirement.id, result.status]));
