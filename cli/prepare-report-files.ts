import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Creates each report file (and its folder) empty before a run starts, so that an unwritable path is a
 * usage error up front rather than a lost report at the end.
 * @throws {UsageError} naming the first path that cannot be written.
 */
export function prepareReportFiles(reports: ReadonlyArray<{ path: string }>): void {
  for (const { path } of reports) {
    try {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, '');
    } catch (error) {
      throw new UsageError(`cannot write the report ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
}
