import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/**
 * Parsed built-in profiles, written by `npm run build` so that start-up does not parse YAML. An entry is
 * used only when it was made from exactly the YAML text now in spec/ (same SHA-256); otherwise the YAML is
 * parsed as usual, so an edited spec is never shadowed by a stale cache.
 */
const CACHE_FOLDER = join(packageRoot, 'dist', 'spec-cache');

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** The cached document for a built-in profile's YAML text, or undefined. */
export function cachedDocument(name: string, yamlText: string): unknown {
  try {
    const entry = JSON.parse(readFileSync(join(CACHE_FOLDER, `${name}.json`), 'utf8')) as { sha256: string; document: unknown };
    return entry.sha256 === digest(yamlText) ? entry.document : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the cache entry of a built-in profile. */
export function writeCachedDocument(name: string, yamlText: string, document: unknown): void {
  mkdirSync(CACHE_FOLDER, { recursive: true });
  writeFileSync(join(CACHE_FOLDER, `${name}.json`), JSON.stringify({ sha256: digest(yamlText), document }));
}
