import type { HttpAnswer, HttpClient } from './http-client.js';
import type { Surface } from './iterapay-surface.js';
import type { Expectations } from './step.js';
import type { Target } from './target.js';

/** What a command talks to: the target over HTTP, the expectations of the run, the profile's surface. */
export interface Session {
  target: Target;
  http: HttpClient;
  expect: Expectations;
  surface: Surface;
}

/** `Authorization: Bearer …` for the target's merchant owner (or another token). */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** An answer described for a counterexample: status and media type, never the body (it may hold a key). */
export function describeAnswer(answer: HttpAnswer): string {
  if (answer.status === 0) return String(answer.step.status);
  const type = answer.headers.get('content-type')?.split(';')[0];
  return `${answer.status}${type ? ` (${type})` : ''}`;
}
