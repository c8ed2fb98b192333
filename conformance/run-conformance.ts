import type { Check, CheckContext, CheckOutcome } from './checks/check.js';
import { credentialsCheck } from './checks/credentials-check.js';
import { fuzzCheck } from './checks/fuzz-check.js';
import { lifecycleCheck } from './checks/lifecycle-check.js';
import { rateLimitCheck } from './checks/rate-limit-check.js';
import type { Surface } from './iterapay-surface.js';
import type { CheckName, Requirement } from './requirements.js';
import type { Step } from './step.js';
import { missingCapabilityReasons, type Target } from './target.js';

/** The verdict on one requirement. */
export type Status = 'PASSED' | 'FAILED' | 'WARNING' | 'SKIPPED';

/** A minimal failing run, replayable with `--seed <seed> --replay <path> --only <requirement>`. */
export interface Counterexample {
  expected: string;
  got: string;
  steps: Step[];
  /** The shrunk input (for model-based checks, the command sequence). */
  input: string;
  seed: number;
  path?: string;
}

export interface RequirementResult {
  requirement: Requirement;
  status: Status;
  /** Why it was skipped or failed without a counterexample. */
  reason?: string;
  counterexample?: Counterexample;
  durationMs: number;
}

export interface ConformanceReport {
  profile: string;
  target: string;
  seed: number;
  runs: number;
  startedAt: string;
  durationMs: number;
  results: RequirementResult[];
  /** True when no applicable MUST failed. */
  passed: boolean;
}

/** Progress, requirement by requirement. */
export type ProgressEvent = { type: 'start'; requirement: Requirement } | { type: 'result'; result: RequirementResult };

export interface ConformanceOptions {
  target: Target;
  surface: Surface;
  requirements: Requirement[];
  seed: number;
  runs: number;
  /** Prove only these requirement ids. */
  only?: string[];
  /** Replay one counterexample (needs exactly one id in `only`). */
  replayPath?: string;
  onProgress?: (event: ProgressEvent) => void;
}

const checks: Readonly<Record<CheckName, Check>> = {
  lifecycle: lifecycleCheck,
  credentials: credentialsCheck,
  'rate-limit': rateLimitCheck,
  fuzz: fuzzCheck,
};

function verdict(requirement: Requirement, outcome: CheckOutcome): Pick<RequirementResult, 'status' | 'reason' | 'counterexample'> {
  const failed = requirement.level === 'MUST' ? 'FAILED' : 'WARNING';
  switch (outcome.kind) {
    case 'passed':
      return { status: 'PASSED' };
    case 'skipped':
      return { status: 'SKIPPED', reason: outcome.reason };
    case 'not-exercised':
      return { status: failed, reason: `not exercised: ${outcome.reason}` };
    case 'failed':
      return {
        status: failed,
        counterexample: { expected: outcome.expected, got: outcome.got, steps: outcome.steps, input: outcome.counterexample, seed: outcome.seed, path: outcome.path },
      };
  }
}

/**
 * Proves each requirement against the target, one at a time: SKIPPED (with the reason) when the target
 * lacks a capability it needs, otherwise PASSED, or FAILED (MUST) / WARNING (SHOULD) with a counterexample.
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const started = Date.now();
  const selected = options.only ? options.requirements.filter((requirement) => options.only!.includes(requirement.id)) : options.requirements;
  const context: CheckContext = { target: options.target, surface: options.surface, seed: options.seed, runs: options.runs, replayPath: options.replayPath };
  const results: RequirementResult[] = [];
  for (const requirement of selected) {
    options.onProgress?.({ type: 'start', requirement });
    const began = Date.now();
    const missing = requirement.capabilities.find((capability) => !options.target.capabilities.has(capability));
    let outcome: Pick<RequirementResult, 'status' | 'reason' | 'counterexample'>;
    if (missing) outcome = { status: 'SKIPPED', reason: `${missing}: ${missingCapabilityReasons[missing]}` };
    else {
      try {
        outcome = verdict(requirement, await checks[requirement.check](context, requirement.id));
      } catch (error) {
        outcome = { status: requirement.level === 'MUST' ? 'FAILED' : 'WARNING', reason: `the check could not run: ${(error as Error).message}` };
      }
    }
    const result: RequirementResult = { requirement, ...outcome, durationMs: Date.now() - began };
    results.push(result);
    options.onProgress?.({ type: 'result', result });
  }
  return {
    profile: options.surface.profile,
    target: options.target.description,
    seed: options.seed,
    runs: options.runs,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    results,
    passed: results.every((result) => result.status !== 'FAILED'),
  };
}
