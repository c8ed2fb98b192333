/** One HTTP exchange of a check, as it appears in a counterexample. Never holds a credential. */
export interface Step {
  /** What the step did, e.g. `GET /merchants/{m}/invoices with the replaced key`. */
  label: string;
  method: string;
  path: string;
  /** The status, or `timeout` / `no answer` when none came. */
  status: number | 'timeout' | 'no answer';
}

/** A broken promise of the target: which requirement, what was expected and what came. */
export class Violation extends Error {
  constructor(
    readonly requirement: string,
    readonly expected: string,
    readonly got: string,
    readonly step?: Step,
  ) {
    super(`${requirement}: expected ${expected}, got ${got}`);
    this.name = 'Violation';
  }
}

/**
 * Expectations of one check run. Only the requirement under test throws; the others are noted as
 * exercised so that a check proves one requirement at a time and replays exactly.
 */
export class Expectations {
  readonly exercised = new Set<string>();

  constructor(readonly active: string) {}

  /** Records that `requirement` was exercised and throws a {@link Violation} if it is the active one and `ok` is false. */
  that(requirement: string, ok: boolean, expected: string, got: string, step?: Step): void {
    this.exercised.add(requirement);
    if (!ok && requirement === this.active) throw new Violation(requirement, expected, got, step);
  }
}
