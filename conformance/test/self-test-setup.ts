import { join } from 'node:path';
import { packageRoot } from '../../mock-server/package-root.js';
import { loadSurface } from '../profile/load-surface.js';
import { catalogueIds, loadRequirements } from '../requirements.js';
import { runConformance, type ConformanceOptions, type ConformanceReport, type Status } from '../run-conformance.js';

const specDir = join(packageRoot, 'spec');
/** The profile of the self-tests, its requirements and the whole catalogue. */
export const surface = loadSurface('iterapay', specDir);
export const catalogue = catalogueIds(join(specDir, 'requirements.yaml'));
export const requirements = loadRequirements(join(specDir, 'requirements.yaml'), surface);

/** Runs the suite on the self-tests' profile. */
export function prove(options: Omit<ConformanceOptions, 'surface' | 'requirements' | 'catalogue'>): Promise<ConformanceReport> {
  return runConformance({ surface, requirements, catalogue, ...options });
}

/** Each requirement's status. */
export const statuses = (report: ConformanceReport): Record<string, Status> => Object.fromEntries(report.results.map((result) => [result.requirement.id, result.status]));
