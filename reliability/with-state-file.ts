import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `scenario` with the `serve` flags of a state file in a new folder, and removes the folder after. */
export async function withStateFile<T>(scenario: (args: string[], folder: string) => Promise<T>): Promise<T> {
  const folder = mkdtempSync(join(tmpdir(), 'authproof-reliability-'));
  try {
    return await scenario(['--state-file', join(folder, 'state.json'), '--rate-limit', 'off'], folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
