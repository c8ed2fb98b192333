/** `x-authproof-rate-limit`: at most `limit` requests per rolling `windowSeconds`. */
export interface RateLimitPolicy {
  limit: number;
  windowSeconds: number;
}

/** What one request is told. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A rolling-window limiter (a sliding log, not fixed buckets): a request is admitted when fewer than
 * `limit` admitted requests from the same caller fall in the last `windowSeconds`. Rejected requests do
 * not count. Time comes from the caller, so the controllable clock drives it.
 */
export interface RateLimiter {
  readonly policy: RateLimitPolicy;
  /** Admits or refuses one request of `callerId`; `limit` overrides the policy's for this caller (a per-key limit). */
  consume(callerId: string, now: number, limit?: number): RateDecision;
  /** Forgets every caller's history. */
  reset(): void;
}

/**
 * A caller's admitted requests, oldest first: each distinct timestamp once, with how many requests were
 * admitted at it (the same sliding log, grouped by millisecond, so a busy key keeps one entry per
 * millisecond rather than one per request).
 */
interface Log {
  stamps: number[];
  counts: number[];
  head: number;
  /** Requests admitted in the window (the counts from `head` on). */
  total: number;
}

const ALLOWED: RateDecision = { allowed: true };

/** How many admissions pass between sweeps of callers whose whole log has left the window. */
const SWEEP_EVERY = 10_000;

/** Creates a {@link RateLimiter}; each caller's log holds at most one entry per millisecond of the window. */
export function createRateLimiter(policy: RateLimitPolicy): RateLimiter {
  const windowMs = policy.windowSeconds * 1000;
  const logs = new Map<string, Log>();
  let admitted = 0;

  const sweep = (now: number): void => {
    for (const [callerId, log] of logs) {
      if (log.stamps.length === 0 || log.stamps[log.stamps.length - 1]! <= now - windowMs) logs.delete(callerId);
    }
  };

  return {
    policy,
    consume(callerId, now, limit = policy.limit) {
      let log = logs.get(callerId);
      if (!log) {
        log = { stamps: [], counts: [], head: 0, total: 0 };
        logs.set(callerId, log);
      }
      const { stamps, counts } = log;
      while (log.head < stamps.length && stamps[log.head]! <= now - windowMs) {
        log.total -= counts[log.head]!;
        log.head += 1;
      }
      if (log.total >= limit) {
        const oldest = stamps[log.head]!;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
      }
      const last = stamps.length - 1;
      if (last >= log.head && stamps[last] === now) counts[last]! += 1;
      else {
        stamps.push(now);
        counts.push(1);
      }
      log.total += 1;
      admitted += 1;
      if (admitted % SWEEP_EVERY === 0) sweep(now);
      if (log.head > 1024 && log.head * 2 > stamps.length) {
        log.stamps = stamps.slice(log.head);
        log.counts = counts.slice(log.head);
        log.head = 0;
      }
      return ALLOWED;
    },
    reset() {
      logs.clear();
    },
  };
}
