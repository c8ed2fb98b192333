import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';
import { dialectStatement } from './profile/dialect-mismatch.js';
import { jwtScheme, keyScheme, operationFor, type Surface, type SurfaceScheme } from './profile/surface.js';

/** MUST failures fail a run; SHOULD failures are warnings. */
export type Level = 'MUST' | 'SHOULD';

/** What a target may offer; a requirement needing something the target lacks is SKIPPED. */
export type Capability = 'destructive' | 'other-merchant' | 'other-account' | 'clock' | 'expired-token' | 'not-yet-valid-token';

/** Which part of the suite proves a requirement. */
export type CheckName = 'lifecycle' | 'credentials' | 'dialect' | 'rate-limit' | 'fuzz';

/** What a profile must declare for a requirement to apply. */
export type Need = 'key-generate' | 'key-info' | 'key-revoke' | 'allowlist' | 'jwt' | 'merchant-key' | 'merchant-param' | 'account-records' | 'rate-limit';

/** Where a requirement comes from: the provider's page, a profile assumption or the profile document. */
export interface Source {
  url?: string;
  assumption?: string;
  document?: string;
  quote: string;
}

/** One entry of spec/requirements.yaml, resolved for one profile (statement filled in, source chosen). */
export interface Requirement {
  id: string;
  level: Level;
  statement: string;
  source: Source;
  needs: Need[];
  capabilities: Capability[];
  check: CheckName;
}

const CAPABILITIES: readonly Capability[] = ['destructive', 'other-merchant', 'other-account', 'clock', 'expired-token', 'not-yet-valid-token'];
const CHECKS: readonly CheckName[] = ['lifecycle', 'credentials', 'dialect', 'rate-limit', 'fuzz'];
const NEEDS: readonly Need[] = ['key-generate', 'key-info', 'key-revoke', 'allowlist', 'jwt', 'merchant-key', 'merchant-param', 'account-records', 'rate-limit'];

/** Whether the profile declares what `need` names. */
export function declares(surface: Surface, need: Need): boolean {
  const { operations } = surface;
  switch (need) {
    case 'key-generate':
    case 'key-info':
    case 'key-revoke':
      return keyScheme(surface) !== undefined && operationFor(operations, need.replace('-', '.')) !== undefined;
    case 'allowlist':
      return surface.schemes.some((scheme) => scheme.ipAllowlist) && operationFor(operations, 'allowlist.set') !== undefined && operationFor(operations, 'allowlist.clear') !== undefined;
    case 'jwt':
      return jwtScheme(surface) !== undefined;
    case 'merchant-key':
      return keyScheme(surface) !== undefined;
    case 'merchant-param':
      return operations.some((operation) => operation.merchantParam !== undefined);
    case 'account-records':
      return operations.some((operation) => operation.action === 'resource.get' && operation.tenantIsCaller);
    case 'rate-limit':
      return keyScheme(surface)?.rateLimit !== undefined;
  }
}

/** A rule's status on every scheme: `401`, or `400 (apiKeyAuth), 401 (bearerAuth)` where the schemes differ. */
function perScheme(surface: Surface, status: (scheme: SurfaceScheme) => number): string {
  const byStatus = new Map<number, string[]>();
  for (const scheme of surface.schemes) byStatus.set(status(scheme), [...(byStatus.get(status(scheme)) ?? []), scheme.name]);
  if (byStatus.size <= 1) return String([...byStatus.keys()][0] ?? '');
  return [...byStatus].map(([code, names]) => `${code} (${names.join(', ')})`).join(', ');
}

/** The values of a statement's {placeholders}, from the profile. */
function placeholders(surface: Surface): Record<string, string> {
  const key = keyScheme(surface);
  const format = key?.keyFormat;
  const alphabet = format ? (format.alphabet === 'abcdefghijklmnopqrstuvwxyz0123456789' ? '[a-z0-9]' : `[${format.alphabet}]`) : '';
  const revoke = operationFor(surface.operations, 'key.revoke');
  return {
    missing: String(surface.rules.missing),
    invalid: perScheme(surface, (scheme) => surface.rules.invalid(scheme)),
    wrongKind: perScheme(surface, surface.rules.wrongKind),
    forbidden: String(surface.rules.forbidden),
    rateLimited: String(surface.rules.rateLimited),
    keyFormat: format ? `${format.prefix} + ${format.length} of ${alphabet}` : '',
    displayPrefix: String(format?.displayPrefixLength ?? ''),
    revokeStatus: String(revoke?.successStatus ?? ''),
    limit: String(key?.rateLimit?.limit ?? ''),
    window: String(key?.rateLimit?.windowSeconds ?? ''),
    dialect: dialectStatement(surface),
  };
}

/** Every requirement id of the catalogue, for checking that an assertion names a real one. */
export function catalogueIds(file: string): Set<string> {
  return new Set(readCatalogue(file).map((entry) => String(entry.id)));
}

function readCatalogue(file: string): any[] {
  const document = load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as { requirements?: unknown };
  if (!Array.isArray(document?.requirements)) throw new Error(`${file}: no requirements list`);
  return document.requirements;
}

/**
 * Reads the requirements catalogue and resolves the requirements that apply to the profile: those whose
 * `needs` the profile declares, with the statement's placeholders filled from it and the profile's own
 * source (or the one for every profile).
 * @throws {Error} naming the first malformed entry.
 */
export function loadRequirements(file: string, surface: Surface): Requirement[] {
  const seen = new Set<string>();
  const values = placeholders(surface);
  const resolved: Requirement[] = [];
  readCatalogue(file).forEach((entry, index) => {
    const where = `${file}: requirements[${index}]`;
    if (!/^[A-Z][A-Z0-9-]+$/.test(String(entry.id))) throw new Error(`${where}: id must be UPPER-KEBAB`);
    if (seen.has(entry.id)) throw new Error(`${where}: duplicate id ${entry.id}`);
    seen.add(entry.id);
    if (entry.level !== 'MUST' && entry.level !== 'SHOULD') throw new Error(`${where}: level must be MUST or SHOULD`);
    if (typeof entry.statement !== 'string') throw new Error(`${where}: needs a statement`);
    if (!Array.isArray(entry.needs) || !entry.needs.every((need: Need) => NEEDS.includes(need))) throw new Error(`${where}: needs must list ${NEEDS.join(', ')}`);
    if (!Array.isArray(entry.capabilities) || !entry.capabilities.every((capability: Capability) => CAPABILITIES.includes(capability))) throw new Error(`${where}: unknown capability`);
    if (!CHECKS.includes(entry.check)) throw new Error(`${where}: unknown check ${entry.check}`);
    const source: Source | undefined = entry.sources?.[surface.profile] ?? entry.sources?.['*'];
    if (!entry.sources?.['*']?.quote || (source && !source.quote)) throw new Error(`${where}: needs sources with a quote, '*' at least`);
    if (!(entry.needs as Need[]).every((need) => declares(surface, need))) return;
    const statement = entry.statement.replace(/\{(\w+)\}/g, (match: string, name: string) => {
      if (!(name in values)) throw new Error(`${where}: unknown placeholder ${match}`);
      return values[name]!;
    });
    resolved.push({ id: entry.id, level: entry.level, statement, source: source!, needs: entry.needs, capabilities: entry.capabilities, check: entry.check });
  });
  return resolved;
}

/** Where a requirement comes from, as one line: `https://…: "…"`, `profile assumption X: "…"`. */
export function describeSource(requirement: Requirement): string {
  const { url, assumption, document, quote } = requirement.source;
  const origin = url ?? (assumption ? `profile assumption ${assumption}` : `profile document (${document})`);
  return `${origin}: "${quote}"`;
}
