import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeScratchFolders, scratchFolder } from './scratch-folder.js';

describe('scratchFolder', () => {
  it('makes a new folder each time, and removeScratchFolders removes those it made, with their files, and no other', () => {
    const first = scratchFolder('authproof-scratch');
    const second = scratchFolder('authproof-scratch');
    writeFileSync(join(first, 'file.txt'), 'kept until the end of the test file');
    const other = mkdtempSync(join(tmpdir(), 'authproof-not-scratch-'));
    try {
      expect(first).not.toBe(second);
      expect(existsSync(first) && existsSync(second)).toBe(true);
      removeScratchFolders();
      expect(existsSync(first) || existsSync(second)).toBe(false);
      expect(existsSync(other)).toBe(true);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
