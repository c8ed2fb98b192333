import type { PactFile } from './read-pacts.js';

/** The pacts one profile verifies. */
export interface PactGroup {
  /** A built-in profile's name, or what `--profile` named (a name or the path of a document). */
  profile: string;
  pacts: PactFile[];
}

/** Which profile verifies each pact, and the pacts left out with the reason. */
export interface PactSelection {
  groups: PactGroup[];
  skipped: Array<{ pact: PactFile; reason: string }>;
}

/** The profile `--profile` named: what was given, and the id its document declares. */
export interface ChosenProfile {
  name: string;
  id: string;
}

/**
 * Matches each pact to the profile that verifies it, by its provider name (a built-in profile's name,
 * case-insensitive, as the shipped pacts name theirs). With a profile chosen, its pacts and those of no
 * known provider are verified against it, and a pact of another built-in profile is skipped, saying which
 * profile it needs; without, each pact goes to its own profile, and one of no known provider to `fallback`.
 * Groups keep the order the pacts were read in.
 */
export function selectPacts(pacts: readonly PactFile[], builtins: readonly string[], chosen: ChosenProfile | null, fallback: string): PactSelection {
  const groups = new Map<string, PactFile[]>();
  const skipped: PactSelection['skipped'] = [];
  for (const pact of pacts) {
    const provider = pact.provider.toLowerCase();
    const own = builtins.find((name) => name.toLowerCase() === provider);
    let profile: string;
    if (chosen === null) profile = own ?? fallback;
    else if (own === undefined || [chosen.name, chosen.id].some((name) => name.toLowerCase() === provider)) profile = chosen.name;
    else {
      skipped.push({ pact, reason: `a pact for profile ${own}, not ${chosen.id}: verify it with --profile ${own}` });
      continue;
    }
    groups.set(profile, [...(groups.get(profile) ?? []), pact]);
  }
  return { groups: [...groups].map(([profile, own]) => ({ profile, pacts: own })), skipped };
}
