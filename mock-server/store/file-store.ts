import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { AuthproofError } from '../core/errors.js';
import type { State } from '../core/state.js';
import type { StateStore } from './state-store.js';

/** `.state.json.<pid>.tmp`: the temporary file a process writes before renaming it over `state.json`. */
function isTemporaryOf(path: string, name: string): boolean {
  const prefix = `.${basename(path)}.`;
  return name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Deletes the temporary files of earlier processes (left by a crash between write and rename); each holds
 * a whole state, private signing key included. Anything else by such a name (a folder) is left alone.
 */
function removeTemporaries(path: string): void {
  for (const entry of readdirSync(dirname(path), { withFileTypes: true })) {
    if (entry.isFile() && isTemporaryOf(path, entry.name)) rmSync(join(dirname(path), entry.name), { force: true });
  }
}

/**
 * Writes `content` so that `path` always holds either the old or the new content, never a mix: a
 * temporary file (mode 0600) in the same folder is written and fsynced, then renamed over the target
 * (rename is atomic on POSIX file systems), and the folder is fsynced so the rename itself survives a
 * crash. On failure the temporary file is removed and the target is untouched.
 */
function writeFileAtomic(path: string, content: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
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
 * and the file is never half-written, even on `kill -9`. A change becomes visible only once it is on disk:
 * when the write fails, `set` throws `state_not_saved` (503) and the state stays as it was. Deferrable
 * changes (lastUsedAt on every API-key request) are visible at once and batched: written within a second,
 * with the next change, or on `flush()`; a failed batch is retried a second later. Temporary files left
 * by earlier processes are removed first.
 * @throws the file system's error when the initial state cannot be written.
 */
export function createFileStore(path: string, initial: State): StateStore {
  removeTemporaries(path);
  writeFileAtomic(path, JSON.stringify(initial));
  let current = initial;
  let pending: NodeJS.Timeout | undefined;
  const commit = (state: State): void => {
    writeFileAtomic(path, JSON.stringify(state));
    clearTimeout(pending);
    pending = undefined;
    current = state;
  };
  const writeDeferred = (): void => {
    try {
      commit(current);
    } catch {
      pending = setTimeout(writeDeferred, DEFER_MS).unref();
    }
  };
  return {
    get: () => current,
    set(state, options = {}) {
      if (state === current) return;
      if (options.deferrable) {
        current = state;
        pending ??= setTimeout(writeDeferred, DEFER_MS).unref();
        return;
      }
      try {
        commit(state);
      } catch (error) {
        throw new AuthproofError('state_not_saved', `The change was not saved (${(error as NodeJS.ErrnoException).code ?? 'write failed'}); nothing changed`);
      }
    },
    flush() {
      if (pending) commit(current);
    },
  };
}
