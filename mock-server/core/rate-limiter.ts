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

interface Log {
  stamps: number[];
  head: number;
}

/** How many admissions pass between sweeps of callers whose whole log has left the window. */
const SWEEP_EVERY = 10_000;

/** Creates a {@link RateLimiter}; each caller's log holds at most `limit` timestamps. */
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
        log = { stamps: [], head: 0 };
        logs.set(callerId, log);
      }
      const { stamps } = log;
      while (log.head < stamps.length && stamps[log.head]! <= now - windowMs) log.head += 1;
      if (stamps.length - log.head >= limit) {
        const oldest = stamps[log.head]!;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
      }
      stamps.push(now);
      admitted += 1;
      if (admitted % SWEEP_EVERY === 0) sweep(now);
      if (log.head > 1024 && log.head * 2 > stamps.length) {
        log.stamps = stamps.slice(log.head);
        log.head = 0;
      }
      return { allowed: true };
    },
    reset() {
      logs.clear();
    },
  };
}
