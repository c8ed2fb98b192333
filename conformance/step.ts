/** One HTTP exchange of a check, as it appears in a counterexample. Never holds a credential. */
export interface Step {
  /** What the step did, e.g. `call listInvoices with the replaced key`. */
  label: string;
  method: string;
  path: string;
  /** The operationId of the profile operation called, if any. */
  operation?: string;
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

/** A violation seen while the suite was proving something else, with the steps of that run up to it. */
export interface Observation {
  violation: Violation;
  steps: Step[];
  /** The check that saw it. */
  check: string;
}

/** What the run learned of one requirement: where it was exercised, and the first violation seen. */
export interface Evidence {
  operations: Set<string>;
  /** Property runs that exercised it. */
  runs: number;
  /** Answers judged against it. */
  answers: number;
}

/**
 * The run-wide record: every requirement exercised, on which operations, and the first violation of each
 * — whichever check saw it. A check proves its own requirement, and every other expectation it meets on
 * the way is evidence too.
 */
export class Ledger {
  readonly evidence = new Map<string, Evidence>();
  readonly violations = new Map<string, Observation>();
  /** Why a requirement could not be exercised (the first reason given). */
  readonly unexercised = new Map<string, string>();

  /** @param known every requirement id of the catalogue: an assertion under any other id is a bug. */
  constructor(readonly known: ReadonlySet<string>) {}

  note(requirement: string, step: Step | undefined): void {
    let entry = this.evidence.get(requirement);
    if (!entry) this.evidence.set(requirement, (entry = { operations: new Set(), runs: 0, answers: 0 }));
    entry.answers += 1;
    if (step?.operation) entry.operations.add(step.operation);
  }

  countRun(requirements: Iterable<string>): void {
    for (const requirement of requirements) {
      const entry = this.evidence.get(requirement);
      if (entry) entry.runs += 1;
    }
  }

  /** Records why `requirement` could not be exercised, unless a reason was given already. */
  explain(requirement: string, reason: string): void {
    if (!this.unexercised.has(requirement)) this.unexercised.set(requirement, reason);
  }

  observe(observation: Observation): void {
    if (!this.violations.has(observation.violation.requirement)) this.violations.set(observation.violation.requirement, observation);
  }
}

/**
 * Expectations of one property run. With an `active` requirement only that one throws (so that fast-check
 * shrinks a failure of exactly it); every other failed expectation — all of them when none is active — is
 * recorded in the ledger and the run goes on.
 */
export class Expectations {
  readonly exercised = new Set<string>();

  constructor(
    readonly active: string | null,
    readonly ledger: Ledger,
    private readonly check: string,
    private readonly steps: () => Step[],
  ) {}

  /** Judges one answer against `requirement`. */
  that(requirement: string, ok: boolean, expected: string, got: string, step?: Step): void {
    if (!this.ledger.known.has(requirement)) throw new Error(`the suite asserts an unknown requirement id ${requirement}`);
    this.exercised.add(requirement);
    this.ledger.note(requirement, step);
    if (ok) return;
    const violation = new Violation(requirement, expected, got, step);
    if (requirement === this.active) throw violation;
    this.ledger.observe({ violation, steps: [...this.steps()], check: this.check });
  }
}
