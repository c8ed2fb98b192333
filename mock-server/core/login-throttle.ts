import type { RateLimitPolicy } from './rate-limiter.js';

/**
 * `x-authproof-jwt.loginAttempts`: at most `limit` failed logins per account in a rolling window. An
 * attempt is counted when it starts, so concurrent guesses cannot slip past the limit, and forgiven when
 * it succeeds. Time comes from the caller, so the controllable clock drives it.
 */
export interface LoginThrottle {
  readonly policy: RateLimitPolicy;
  /**
   * Starts an attempt for `account`.
   * @returns null when it may go ahead (it is counted), or the whole seconds until one may.
   */
  begin(account: string, now: number): number | null;
  /** Stops counting the attempt begun at `startedAt` (it succeeded). */
  forgive(account: string, startedAt: number): void;
  /** Forgets every account's attempts. */
  reset(): void;
}

/** How many attempts pass between sweeps of accounts whose attempts have all left the window. */
const SWEEP_EVERY = 10_000;

/** Creates a {@link LoginThrottle}; each account keeps at most `limit` timestamps. */
export function createLoginThrottle(policy: RateLimitPolicy): LoginThrottle {
  const windowMs = policy.windowSeconds * 1000;
  const attempts = new Map<string, number[]>();
  let begun = 0;
  return {
    policy,
    begin(account, now) {
      const recent = (attempts.get(account) ?? []).filter((stamp) => stamp > now - windowMs);
      attempts.set(account, recent);
      if (recent.length >= policy.limit) return Math.max(1, Math.ceil((recent[0]! + windowMs - now) / 1000));
      recent.push(now);
      begun += 1;
      if (begun % SWEEP_EVERY === 0) {
        for (const [name, stamps] of attempts) if (stamps.every((stamp) => stamp <= now - windowMs)) attempts.delete(name);
      }
      return null;
    },
    forgive(account, startedAt) {
      const recent = attempts.get(account);
      const index = recent?.lastIndexOf(startedAt) ?? -1;
      if (index >= 0) recent!.splice(index, 1);
    },
    reset() {
      attempts.clear();
    },
  };
}
