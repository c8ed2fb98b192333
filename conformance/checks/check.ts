import fc from 'fast-check';
import type { Coverage } from '../coverage.js';
import { createHttpClient, type HttpAnswer } from '../http-client.js';
import { describeDialect, dialectMismatch } from '../profile/dialect-mismatch.js';
import type { Surface } from '../profile/surface.js';
import type { Session } from '../session.js';
import { Expectations, Violation, type Ledger, type Step } from '../step.js';
import type { Target } from '../target.js';

/** What a check needs besides the requirement it proves. */
export interface CheckContext {
  target: Target;
  surface: Surface;
  coverage: Coverage;
  ledger: Ledger;
  seed: number;
  /** Property runs (fast-check numRuns). */
  runs: number;
  /** How long one request may take. */
  timeoutMs: number;
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

/** A minimal failing run of one requirement. */
export interface Failure {
  kind: 'failed';
  expected: string;
  got: string;
  /** The HTTP steps of the shrunk counterexample, in order. */
  steps: Step[];
  /** The shrunk input, as fast-check prints it (a command sequence for model-based checks). */
  counterexample: string;
  seed: number;
  path?: string;
}

/**
 * How a check went. Run for every requirement at once (`active` null), it records what it saw in the
 * ledger: `ran`. Armed for one requirement, it shrinks a failure of that requirement: `failed`, or `ran`
 * when the requirement held.
 */
export type CheckOutcome = { kind: 'ran' } | { kind: 'skipped'; reason: string } | Failure;

/** Proves requirements against a target; see {@link CheckOutcome}. */
export type Check = (context: CheckContext, active: string | null) => Promise<CheckOutcome>;

/** Expectations every answer of every check meets: the profile's error dialect, and a challenge on 401. */
function judgeEveryAnswer(surface: Surface, expect: Expectations, answer: HttpAnswer): void {
  if (answer.status === 401) {
    expect.that('AUTH-CHALLENGE', answer.headers.has('www-authenticate'), 'a WWW-Authenticate header on a 401', 'none', answer.step);
  }
  // A HEAD answer has no body to judge.
  if (answer.status >= 400 && answer.status < 500 && answer.step.method !== 'HEAD') {
    const mismatch = dialectMismatch(surface, answer);
    expect.that('ERROR-DIALECT', mismatch === null, `${answer.status} in the profile's dialect: ${describeDialect(surface, answer.step)}`, mismatch ?? '', answer.step);
  }
}

/** A check that could not run (a bug of the suite or an answer it cannot read): its requirements are not proven. */
export class CheckCrash extends Error {
  constructor(check: string, cause: unknown) {
    super(`the ${check} check could not run: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CheckCrash';
  }
}

/**
 * Runs a fast-check property whose body talks to the target. The target is reset before each run (unless
 * `reset` is false: the body changes nothing a later run depends on) and every answer is also judged against the profile's error dialect and challenge. With `active` null the
 * property records every failed expectation in the ledger and runs to the end; armed with a requirement,
 * only that one fails the property, and the shrunk counterexample's HTTP steps are kept for the report.
 * @throws {CheckCrash} when the body fails with anything but a {@link Violation}.
 */
export async function proveWithProperty<T>(
  context: CheckContext,
  check: string,
  active: string | null,
  arbitrary: fc.Arbitrary<T>,
  body: (value: T, session: Session) => Promise<void>,
  options: { runs?: number; examples?: T[]; reset?: boolean } = {},
): Promise<CheckOutcome> {
  let failure: { error: unknown; steps: Step[] } | undefined;
  const property = fc.asyncProperty(arbitrary, async (value) => {
    let expect: Expectations | undefined;
    const http = createHttpClient(context.target.baseUrl, context.timeoutMs, (answer) => judgeEveryAnswer(context.surface, expect!, answer));
    expect = new Expectations(active, context.ledger, check, () => http.steps());
    if (options.reset !== false) await context.target.reset();
    try {
      await body(value, { target: context.target, http, expect, surface: context.surface, coverage: context.coverage });
    } catch (error) {
      failure = { error, steps: http.takeSteps() };
      throw error;
    } finally {
      context.ledger.countRun(expect.exercised);
    }
  });
  // Armed, the random runs come first: they shrink. The examples (a tour, or every case once) only when
  // those miss, and a path through them is marked `x`.
  const { path: replay } = splitReplayPath(context.replayPath);
  const throughExamples = replay?.startsWith('x') ?? false;
  const runProperty = (withExamples: boolean, path?: string) =>
    fc.check(property, {
      seed: context.seed,
      // Examples count towards numRuns: the random runs come on top of them.
      numRuns: (options.runs ?? context.runs) + (withExamples ? (options.examples?.length ?? 0) : 0),
      ...(withExamples && options.examples ? { examples: options.examples.map((example) => [example] as [T]) } : {}),
      ...(path === undefined ? {} : { path, endOnFailure: true }),
    });
  let marker = '';
  let details = await runProperty(active === null || throughExamples, throughExamples ? replay!.slice(1) : replay);
  if (active !== null && replay === undefined && !details.failed && options.examples) {
    details = await runProperty(true);
    marker = 'x';
  } else if (throughExamples) marker = 'x';
  if (!details.failed) return { kind: 'ran' };
  const error = failure?.error ?? details.errorInstance;
  if (!(error instanceof Violation)) throw new CheckCrash(check, error);
  const counterexample = fc.stringify(details.counterexample?.[0]);
  const commandsPath = /\/\*replayPath="([^"]*)"\*\//.exec(counterexample)?.[1];
  return {
    kind: 'failed',
    expected: error.expected,
    got: error.got,
    steps: failure?.steps ?? [],
    counterexample: counterexample.replace(/\s*\/\*replayPath="[^"]*"\*\//, ''),
    seed: details.seed,
    path: details.counterexamplePath === null ? undefined : `${marker}${details.counterexamplePath}${commandsPath ? `@${commandsPath}` : ''}`,
  };
}
