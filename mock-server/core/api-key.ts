import { AuthproofError } from './errors.js';
import { randomFromAlphabet, type RandomSource } from './random.js';

/** The shape of a profile's API keys (`x-authproof-key-format`). */
export interface KeyFormat {
  /** Fixed leading text, e.g. `sk_live_` (with `environments`: the part every environment's prefix starts with, e.g. `sk_`). */
  prefix: string;
  /**
   * Environment name → that environment's prefix (`{TEST: sk_test_, LIVE: sk_live_}`): a key belongs to the
   * environment whose prefix it has. Absent: keys have no environment.
   */
  environments?: Readonly<Record<string, string>>;
  /** Number of random characters after the prefix. */
  length: number;
  /** The characters the random part is drawn from. */
  alphabet: string;
  /** How many leading characters key info may show. */
  displayPrefixLength: number;
  /** How key info masks a key: the shown prefix, `separator`, then `count` × `character`. */
  mask?: { separator: string; character: string; count: number };
}

/**
 * A new key in the given format, from a CSPRNG-backed source; in a format with environments, the
 * environment's prefix (one must be named).
 */
export function createApiKey(format: KeyFormat, random: RandomSource, environment: string | null = null): string {
  const { environments } = format;
  const prefix = environments === undefined ? format.prefix : environment !== null && Object.hasOwn(environments, environment) ? environments[environment] : undefined;
  if (prefix === undefined) throw new Error(`the key format has no environment ${String(environment)}`);
  return prefix + randomFromAlphabet(random, format.alphabet, format.length);
}

/**
 * The environment a key of the scheme is issued in: the one named, which must be one of the format's —
 * none for a format without environments.
 * @throws {AuthproofError} `invalid_request` otherwise.
 */
export function issuingEnvironment(format: KeyFormat, schemeName: string, environment: string | null): string | null {
  const names = Object.keys(format.environments ?? {});
  if (names.length === 0 ? environment === null : environment !== null && names.includes(environment)) return environment;
  throw new AuthproofError('invalid_request', names.length === 0 ? `The keys of ${schemeName} have no environment` : `The keys of ${schemeName} belong to an environment: one of ${names.join(', ')}`);
}

/** The environment whose prefix the key has (null in a format without environments, or for none). */
export function environmentOf(format: KeyFormat, value: string): string | null {
  if (format.environments === undefined) return null;
  return Object.entries(format.environments).find(([, prefix]) => value.startsWith(prefix))?.[0] ?? null;
}

const patterns = new WeakMap<KeyFormat, RegExp>();

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** True when `value` has the format's prefix (one of its environments' prefixes), length and alphabet. */
export function isWellFormedKey(format: KeyFormat, value: string): boolean {
  let pattern = patterns.get(format);
  if (!pattern) {
    const prefixes = format.environments === undefined ? [format.prefix] : Object.values(format.environments);
    pattern = new RegExp(`^(?:${prefixes.map(escapeRegExp).join('|')})[${escapeRegExp(format.alphabet)}]{${format.length}}$`);
    patterns.set(format, pattern);
  }
  return pattern.test(value);
}

/** The part of a key that may be shown after generation. */
export function displayPrefix(format: KeyFormat, key: string): string {
  return key.slice(0, format.displayPrefixLength);
}

/**
 * A key shown masked: its display prefix, the separator and the mask characters (the format's `mask`, by
 * default `...` and ten `•`).
 * @see shared/providers.md §2.1 — `sk_live_a1b2c3d4...••••••••••`
 */
export function maskedKey(format: KeyFormat, prefix: string): string {
  const { separator, character, count } = format.mask ?? { separator: '...', character: '•', count: 10 };
  return `${prefix}${separator}${character.repeat(count)}`;
}
