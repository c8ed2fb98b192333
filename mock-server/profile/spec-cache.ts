import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/**
 * What start-up would otherwise compute from a built-in profile's files, written by `npm run build`: its
 * parsed document (no YAML parsing at start-up) and the scrypt hashes of its fixture users' passwords (no
 * scrypt at start-up: on two cores it held the first answer back by about 100 ms). An entry is used only
 * when it was made from exactly the text now in the package (same SHA-256); otherwise the work is done as
 * usual, so an edited spec or fixtures file is never shadowed by a stale cache.
 */
const CACHE_FOLDER = join(packageRoot, 'dist', 'spec-cache');

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

function readEntry(file: string, source: string): unknown {
  try {
    const entry = JSON.parse(readFileSync(join(CACHE_FOLDER, file), 'utf8')) as { sha256: string; value: unknown };
    return entry.sha256 === digest(source) ? entry.value : undefined;
  } catch {
    return undefined;
  }
}

function writeEntry(file: string, source: string, value: unknown): void {
  mkdirSync(CACHE_FOLDER, { recursive: true });
  writeFileSync(join(CACHE_FOLDER, file), JSON.stringify({ sha256: digest(source), value }));
}

/** The cached document for a built-in profile's YAML text, or undefined. */
export const cachedDocument = (name: string, yamlText: string): unknown => readEntry(`${name}.json`, yamlText);

/** Writes the cached document of a built-in profile. */
export const writeCachedDocument = (name: string, yamlText: string, document: unknown): void => writeEntry(`${name}.json`, yamlText, document);

/**
 * The cached password hashes of a built-in profile's fixtures text (in user order), or undefined. The
 * passwords are the published test credentials of the shipped fixtures, so every installation sharing their
 * salts reveals nothing; they are hashed at the same scrypt cost as any other.
 */
export const cachedPasswordHashes = (name: string, fixturesText: string): string[] | undefined =>
  readEntry(`${name}.fixtures.json`, fixturesText) as string[] | undefined;

/** Writes the cached password hashes of a built-in profile's fixtures. */
export const writeCachedPasswordHashes = (name: string, fixturesText: string, hashes: readonly string[]): void =>
  writeEntry(`${name}.fixtures.json`, fixturesText, hashes);
