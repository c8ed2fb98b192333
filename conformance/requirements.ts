import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load } from 'js-yaml';

/** MUST failures fail a run; SHOULD failures are warnings. */
export type Level = 'MUST' | 'SHOULD';

/** What a target may offer; a requirement needing something the target lacks is SKIPPED. */
export type Capability = 'destructive' | 'other-merchant' | 'other-account' | 'clock' | 'seeding';

/** Which part of the suite proves a requirement. */
export type CheckName = 'lifecycle' | 'credentials' | 'rate-limit' | 'fuzz';

/** One entry of spec/requirements.yaml. */
export interface Requirement {
  id: string;
  level: Level;
  statement: string;
  source: { seed?: string; rfc?: string; design?: string; assumption?: string; quote: string };
  profiles: string[];
  capabilities: Capability[];
  check: CheckName;
}

const CAPABILITIES: readonly Capability[] = ['destructive', 'other-merchant', 'other-account', 'clock', 'seeding'];
const CHECKS: readonly CheckName[] = ['lifecycle', 'credentials', 'rate-limit', 'fuzz'];

/**
 * Reads the requirements catalogue and keeps those that apply to `profile`.
 * @throws {Error} naming the first malformed entry.
 */
export function loadRequirements(file: string, profile: string): Requirement[] {
  const document = load(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) as { requirements?: unknown };
  if (!Array.isArray(document?.requirements)) throw new Error(`${file}: no requirements list`);
  const seen = new Set<string>();
  return (document.requirements as Requirement[])
    .map((entry, index) => {
      const where = `${file}: requirements[${index}]`;
      if (!/^[A-Z][A-Z0-9-]+$/.test(String(entry.id))) throw new Error(`${where}: id must be UPPER-KEBAB`);
      if (seen.has(entry.id)) throw new Error(`${where}: duplicate id ${entry.id}`);
      seen.add(entry.id);
      if (entry.level !== 'MUST' && entry.level !== 'SHOULD') throw new Error(`${where}: level must be MUST or SHOULD`);
      if (!entry.statement || !entry.source?.quote) throw new Error(`${where}: needs a statement and a quoted source`);
      if (!entry.capabilities.every((capability) => CAPABILITIES.includes(capability))) throw new Error(`${where}: unknown capability`);
      if (!CHECKS.includes(entry.check)) throw new Error(`${where}: unknown check ${entry.check}`);
      return entry;
    })
    .filter((entry) => entry.profiles.includes(profile));
}

/** Where a requirement comes from, as one line: `seed 000_….txt: "…"`. */
export function describeSource(requirement: Requirement): string {
  const { seed, rfc, design, assumption, quote } = requirement.source;
  const origin = seed ? `seed ${seed}` : rfc ? rfc : design ? design : `assumption ${assumption}`;
  return `${origin}: "${quote}"`;
}
