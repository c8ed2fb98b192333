import type { RawAnswer } from './raw-http.js';
import type { Call, ProfileSurface } from './profile-surface.js';

/** What one scenario counted; every field but `requests` and `rss` is a failure count. */
export interface Counts {
  requests: number;
  /** Answers with a 5xx status the scenario did not call for. */
  serverErrors: number;
  /** 4xx/5xx answers not in the profile's error dialect, a body on HEAD, or no answer at all. */
  nonDialect: number;
  /** Server processes that exited without being asked to. */
  crashes: number;
  /** Keys acknowledged as live that stopped working. */
  keysLost: number;
  /** Keys acknowledged as replaced or revoked that work again (or more than one live key). */
  keysResurrected: number;
  /** Requests that should have been refused (cross-site) or could not be saved, answered as successes. */
  accepted: number;
  /** Resident set size of the server in MB: at the start, the highest sample, after the load. */
  rss?: { start: number; peak: number; end: number };
  /** The first failures, described (what was sent, what came back), to reproduce them. */
  samples: string[];
}

/** How many failures a scenario describes. */
const SAMPLES = 5;

/** Counts a failure of kind `name`, describing the first few. */
export function fail(counts: Counts, name: (typeof FAILURE_COUNTS)[number], description: string): void {
  counts[name] += 1;
  if (counts.samples.length < SAMPLES) counts.samples.push(`${name}: ${description}`);
}

/** The failure counts, in table order. */
export const FAILURE_COUNTS = ['serverErrors', 'nonDialect', 'crashes', 'keysLost', 'keysResurrected', 'accepted'] as const;

/** Counts with nothing counted yet. */
export function emptyCounts(): Counts {
  return { requests: 0, serverErrors: 0, nonDialect: 0, crashes: 0, keysLost: 0, keysResurrected: 0, accepted: 0, samples: [] };
}

/** Sends a {@link Call} to a server with fetch; a network failure gives status 0. */
export async function send(url: string, call: Call): Promise<RawAnswer> {
  try {
    const response = await fetch(`${url}${call.path}`, { method: call.method, headers: call.headers, body: call.body, signal: AbortSignal.timeout(10_000) });
    return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
  } catch {
    return { status: 0, headers: {}, body: '' };
  }
}

/**
 * Counts one answer: a 5xx other than `allowedStatus`, an error answer outside the profile's dialect, a
 * body on HEAD, or no answer at all.
 */
export function judge(counts: Counts, surface: ProfileSurface, answer: RawAnswer, options: { head?: boolean; allowedStatus?: number; sent?: string } = {}): void {
  counts.requests += 1;
  const sent = options.sent ?? 'a request';
  if (answer.status === 0) return fail(counts, 'nonDialect', `${sent} → no answer`);
  if (answer.status >= 500 && answer.status !== options.allowedStatus) fail(counts, 'serverErrors', `${sent} → ${answer.status}`);
  if (answer.status < 400) return;
  if (!surface.inDialect(answer, options.head)) fail(counts, 'nonDialect', `${sent} → ${answer.status} ${answer.headers['content-type'] ?? 'without a content type'}`);
}
