import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { State } from '../core/state.js';
import type { StateStore } from './state-store.js';

/**
 * Writes `content` so that `path` always holds either the old or the new content, never a mix: a
 * temporary file in the same folder is written and fsynced, then renamed over the target (rename is
 * atomic on POSIX file systems), and the folder is fsynced so the rename itself survives a crash.
 */
function writeFileAtomic(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temporary, path);
  } catch (error) {
    unlinkSync(temporary);
    throw error;
  }
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/** Reads a state file; undefined when it does not exist. The caller validates the content. */
export function readStateFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
}

/** How long a deferrable change (a key's lastUsedAt) may wait before it is written. */
const DEFER_MS = 1000;

/**
 * Keeps the state in memory and writes every change to `path` atomically, so the state survives a restart
 * and the file is never half-written, even on `kill -9`. Changes are written before `set` returns, except
 * deferrable ones (lastUsedAt on every API-key request), which are batched and written within a second
 * or on `flush()`.
 */
export function createFileStore(path: string, initial: State): StateStore {
  let current = initial;
  let pending: NodeJS.Timeout | undefined;
  const write = (): void => {
    clearTimeout(pending);
    pending = undefined;
    writeFileAtomic(path, JSON.stringify(current));
  };
  write();
  return {
    get: () => current,
    set(state, options = {}) {
      if (state === current) return;
      current = state;
      if (!options.deferrable) write();
      else pending ??= setTimeout(write, DEFER_MS).unref();
    },
    flush() {
      if (pending) write();
    },
  };
}
