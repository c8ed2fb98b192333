import { CheckCrash, type Check, type CheckContext, type Failure } from './checks/check.js';
import { credentialsCheck } from './checks/credentials-check.js';
import { dialectCheck } from './checks/dialect-check.js';
import { fuzzCheck } from './checks/fuzz-check.js';
import { lifecycleCheck } from './checks/lifecycle-check.js';
import { rateLimitCheck } from './checks/rate-limit-check.js';
import { probeCoverage, type Coverage } from './coverage.js';
import { keyLifecycleLimit, unprovenDeclarations, type Surface } from './profile/surface.js';
import type { CheckName, Requirement } from './requirements.js';
import { Ledger, type Step } from './step.js';
import { missingCapabilityReasons, type Target } from './target.js';

/** The verdict on one requirement. SKIPPED is never proven: it says why. */
export type Status = 'PASSED' | 'FAILED' | 'WARNING' | 'SKIPPED';

/** The verdict on the run: CONFORMANT only when every applicable MUST was proven. */
export type Verdict = 'CONFORMANT' | 'NOT CONFORMANT' | 'INCOMPLETE';

/** A minimal failing run, replayable with `--seed <seed> --replay <path> --only <requirement>`. */
export interface Counterexample {
  expected: string;
  got: string;
  steps: Step[];
  /** The shrunk input (for model-based checks, the command sequence). */
  input: string;
  seed: number;
  path?: string;
  /** Set when the violation was seen while another check ran and its own check did not reproduce it. */
  observedIn?: string;
}

/** What a passing requirement was proven on. */
export interface Evidence {
  /** operationIds of the operations its expectations judged. */
  operations: string[];
  /** Property runs that exercised it. */
  runs: number;
  /** Answers judged against it. */
  answers: number;
}

export interface RequirementResult {
  requirement: Requirement;
  status: Status;
  /** Why it was skipped, or failed without a counterexample. */
  reason?: string;
  counterexample?: Counterexample;
  evidence?: Evidence;
  durationMs: number;
}

/** One documented operation: served or not, and the requirements that exercised it. */
export interface CoverageRow {
  operation: string;
  method: string;
  path: string;
  status: 'served' | 'not served' | 'no credential';
  reason?: string;
  requirements: string[];
}

export interface ConformanceReport {
  profile: string;
  profileTitle: string;
  /** The profile document and the SHA-256 of its bytes. */
  profileSource: string;
  profileSha256: string;
  target: string;
  seed: number;
  runs: number;
  startedAt: string;
  durationMs: number;
  results: RequirementResult[];
  coverage: CoverageRow[];
  /** What the profile declares that no requirement of this version proves (not part of the verdict). */
  unproven: string[];
  verdict: Verdict;
  /** Requirements PASSED, of those applicable to the profile (and selected). */
  proven: number;
  /** authproof's version and the command line that reproduces the run, where the caller knows them. */
  tool?: { version: string; command: string };
}

/** Progress, check by check and requirement by requirement. */
export type ProgressEvent = { type: 'check'; check: CheckName; requirements: number } | { type: 'result'; result: RequirementResult };

export interface ConformanceOptions {
  target: Target;
  surface: Surface;
  requirements: Requirement[];
  /** Every id of the catalogue (an expectation under any other id is a bug of the suite). */
  catalogue: ReadonlySet<string>;
  seed: number;
  runs: number;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
  /** Prove only these requirement ids. */
  only?: string[];
  /** Replay one counterexample (needs exactly one id in `only`). */
  replayPath?: string;
  tool?: ConformanceReport['tool'];
  onProgress?: (event: ProgressEvent) => void;
}

/** The checks that drive "the" key of the profile through its lifecycle (generate, replace, revoke, burst). */
const KEY_LIFECYCLE_CHECKS: ReadonlySet<CheckName> = new Set<CheckName>(['lifecycle', 'rate-limit']);

const checks: Readonly<Record<CheckName, Check>> = {
  lifecycle: lifecycleCheck,
  credentials: credentialsCheck,
  dialect: dialectCheck,
  'rate-limit': rateLimitCheck,
  fuzz: fuzzCheck,
};

/** Checks whose property shrinks a failure; the others run one fixed scenario. */
const SHRINKS: ReadonlySet<CheckName> = new Set(['lifecycle', 'credentials', 'fuzz']);

const asCounterexample = (failure: Failure): Counterexample => ({
  expected: failure.expected,
  got: failure.got,
  steps: failure.steps,
  input: failure.counterexample,
  seed: failure.seed,
  path: failure.path,
});

/** The verdict on a set of results. */
export function verdictOf(results: readonly RequirementResult[]): Verdict {
  if (results.some((result) => result.status === 'FAILED')) return 'NOT CONFORMANT';
  if (results.some((result) => result.status === 'SKIPPED' && result.requirement.level === 'MUST')) return 'INCOMPLETE';
  return 'CONFORMANT';
}

function coverageRows(coverage: Coverage, ledger: Ledger): CoverageRow[] {
  const exercisedBy = (operationId: string) => [...ledger.evidence].filter(([, evidence]) => evidence.operations.has(operationId)).map(([id]) => id).sort();
  const row = (operation: Coverage['served'][number], status: CoverageRow['status'], reason?: string): CoverageRow => ({
    operation: operation.operationId,
    method: operation.method,
    path: operation.path,
    status,
    ...(reason ? { reason } : {}),
    requirements: exercisedBy(operation.operationId),
  });
  return [
    ...coverage.served.map((operation) => row(operation, 'served')),
    ...coverage.notServed.map(({ operation, reason }) => row(operation, 'not served', reason)),
    ...coverage.open.map((operation) => row(operation, 'no credential')),
  ];
}

/**
 * Proves the requirements against the target. It first finds which documented operations the target
 * serves; then each check runs once over the whole surface, recording every expectation it meets in a
 * run-wide ledger, and a requirement with a violation is proven again on its own so that fast-check
 * shrinks the failure to a minimal, replayable counterexample. A requirement is PASSED when it was
 * exercised and never violated, FAILED (MUST) / WARNING (SHOULD) with a counterexample, or SKIPPED with
 * the reason: a capability the target lacks, an operation it does not serve, a model that lost track.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const { target, surface } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const selected = options.only ? options.requirements.filter((requirement) => options.only!.includes(requirement.id)) : options.requirements;
  const ledger = new Ledger(options.catalogue);
  const coverage = await probeCoverage(target, surface, timeoutMs);
  const context: CheckContext = { target, surface, coverage, ledger, seed: options.seed, runs: options.runs, timeoutMs, replayPath: options.replayPath };

  const results = new Map<string, RequirementResult>();
  const runnable: Requirement[] = [];
  const lifecycleLimit = keyLifecycleLimit(surface);
  for (const requirement of selected) {
    const missing = requirement.capabilities.find((capability) => !target.capabilities.has(capability));
    if (missing) results.set(requirement.id, { requirement, status: 'SKIPPED', reason: `${missing}: ${missingCapabilityReasons[missing]}`, durationMs: 0 });
    else if (lifecycleLimit !== null && KEY_LIFECYCLE_CHECKS.has(requirement.check)) results.set(requirement.id, { requirement, status: 'SKIPPED', reason: `not proven: ${lifecycleLimit}`, durationMs: 0 });
    else runnable.push(requirement);
  }

  const checkTime = new Map<CheckName, number>();
  for (const name of Object.keys(checks) as CheckName[]) {
    const mine = runnable.filter((requirement) => requirement.check === name);
    if (mine.length === 0) continue;
    options.onProgress?.({ type: 'check', check: name, requirements: mine.length });
    const began = Date.now();
    try {
      // A replay arms the one requirement selected; otherwise the check records everything it sees.
      const outcome = await checks[name](context, options.replayPath === undefined ? null : mine[0]!.id);
      if (outcome.kind === 'skipped') ledger.explain(`check:${name}`, outcome.reason);
      if (outcome.kind === 'failed') {
        const requirement = mine[0]!;
        results.set(requirement.id, { requirement, status: requirement.level === 'MUST' ? 'FAILED' : 'WARNING', counterexample: asCounterexample(outcome), durationMs: Date.now() - began });
      }
    } catch (error) {
      if (!(error instanceof CheckCrash)) throw error;
      ledger.explain(`check:${name}`, error.message);
    }
    checkTime.set(name, Date.now() - began);
  }

  for (const requirement of runnable) {
    if (results.has(requirement.id)) continue;
    const began = Date.now();
    const base = checkTime.get(requirement.check) ?? 0;
    const observation = ledger.violations.get(requirement.id);
    const evidence = ledger.evidence.get(requirement.id);
    let result: RequirementResult;
    if (observation) {
      let failure: Failure | undefined;
      if (SHRINKS.has(requirement.check)) {
        const armed = await checks[requirement.check]({ ...context, ledger: new Ledger(options.catalogue) }, requirement.id).catch((error: unknown) => {
          if (error instanceof CheckCrash) return undefined;
          throw error;
        });
        if (armed?.kind === 'failed') failure = armed;
      }
      const { violation, steps, check } = observation;
      const counterexample: Counterexample = failure
        ? asCounterexample(failure)
        : { expected: violation.expected, got: violation.got, steps, input: `the ${check} check's run`, seed: options.seed, ...(check === requirement.check ? {} : { observedIn: check }) };
      result = { requirement, status: requirement.level === 'MUST' ? 'FAILED' : 'WARNING', counterexample, durationMs: base + Date.now() - began };
    } else if (evidence) {
      result = {
        requirement,
        status: 'PASSED',
        evidence: { operations: [...evidence.operations].sort(), runs: evidence.runs, answers: evidence.answers },
        durationMs: base,
      };
    } else {
      const reason = ledger.unexercised.get(requirement.id) ?? ledger.unexercised.get(`check:${requirement.check}`) ?? 'no run of its check reached it';
      result = { requirement, status: 'SKIPPED', reason: `not exercised: ${reason}`, durationMs: base };
    }
    results.set(requirement.id, result);
  }

  const ordered = selected.map((requirement) => results.get(requirement.id)!);
  for (const result of ordered) options.onProgress?.({ type: 'result', result });
  return {
    profile: surface.profile,
    profileTitle: surface.title,
    profileSource: surface.source,
    profileSha256: surface.sha256,
    target: target.description,
    seed: options.seed,
    runs: options.runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results: ordered,
    coverage: coverageRows(coverage, ledger),
    unproven: unprovenDeclarations(surface),
    verdict: verdictOf(ordered),
    proven: ordered.filter((result) => result.status === 'PASSED').length,
    ...(options.tool ? { tool: options.tool } : {}),
  };
}
