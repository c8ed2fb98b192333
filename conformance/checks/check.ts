import fc from 'fast-check';
import { createHttpClient } from '../http-client.js';
import type { Surface } from '../iterapay-surface.js';
import type { Session } from '../session.js';
import { Expectations, Violation, type Step } from '../step.js';
import type { Target } from '../target.js';

/** What a check needs besides the requirement it proves. */
export interface CheckContext {
  target: Target;
  surface: Surface;
  seed: number;
  /** Property runs (fast-check numRuns). */
  runs: number;
  /**
   * Re-run exactly one counterexample: fast-check's path, and for model-based checks `@` and the command
   * sequence's own replay path (`1:2:3@ABBO:K`).
   */
  replayPath?: string;
}

/** The two halves of a replay path: the property's and the command sequence's. */
export function splitReplayPath(replayPath: string | undefined): { path?: string; commands?: string } {
  if (replayPath === undefined) return {};
  const [path, commands] = replayPath.split('@');
  return { path, commands };
}

/** How proving one requirement went. */
export type CheckOutcome =
  | { kind: 'passed' }
  | { kind: 'not-exercised'; reason: string }
  | { kind: 'skipped'; reason: string }
  | {
      kind: 'failed';
      expected: string;
      got: string;
      /** The HTTP steps of the shrunk counterexample, in order. */
      steps: Step[];
      /** The shrunk input, as fast-check prints it (a command sequence for model-based checks). */
      counterexample: string;
      seed: number;
      path?: string;
    };

/** Proves one requirement against a target. */
export type Check = (context: CheckContext, requirement: string) => Promise<CheckOutcome>;

/**
 * Runs a fast-check property whose body talks to the target, with only `requirement`'s expectations
 * active. The target is reset before each run; the HTTP steps of the last failing run — the shrunk
 * counterexample — are kept for the report.
 */
export async function proveWithProperty<T>(
  context: CheckContext,
  requirement: string,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T, session: Session) => Promise<void>,
  options: { runs?: number; notExercised?: () => string } = {},
): Promise<CheckOutcome> {
  let exercised = false;
  let failure: { error: unknown; steps: Step[] } | undefined;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const http = createHttpClient(context.target.baseUrl);
    const expect = new Expectations(requirement);
    await context.target.reset();
    try {
      await body(value, { target: context.target, http, expect, surface: context.surface });
    } catch (error) {
      failure = { error, steps: http.takeSteps() };
      throw error;
    } finally {
      exercised ||= expect.exercised.has(requirement);
    }
  });
  const { path } = splitReplayPath(context.replayPath);
  const details = await fc.check(property, {
    seed: context.seed,
    numRuns: options.runs ?? context.runs,
    ...(path === undefined ? {} : { path, endOnFailure: true }),
  });
  if (details.failed) {
    const error = failure?.error ?? details.errorInstance;
    const violation = error instanceof Violation ? error : undefined;
    const counterexample = fc.stringify(details.counterexample?.[0]);
    const commandsPath = /\/\*replayPath="([^"]*)"\*\//.exec(counterexample)?.[1];
    return {
      kind: 'failed',
      expected: violation?.expected ?? 'no error',
      got: violation?.got ?? `an error: ${error instanceof Error ? error.message : String(error)}`,
      steps: failure?.steps ?? [],
      counterexample: counterexample.replace(/\s*\/\*replayPath="[^"]*"\*\//, ''),
      seed: details.seed,
      path: details.counterexamplePath === null ? undefined : `${details.counterexamplePath}${commandsPath ? `@${commandsPath}` : ''}`,
    };
  }
  if (!exercised) return { kind: 'not-exercised', reason: options.notExercised?.() ?? 'no run reached it' };
  return { kind: 'passed' };
}
