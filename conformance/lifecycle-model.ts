/**
 * What the suite believes about the merchant's credentials. Deliberately simpler than any server: a list
 * of keys by fate, a flag for the allowlist and a bound on rate limiting — never a copy of the logic.
 */
export interface LifecycleModel {
  /** The key that must work, or null. */
  live: string | null;
  /** Keys replaced by a newer one: 401 for ever. */
  replaced: string[];
  /** Keys revoked: 401 for ever. */
  revoked: string[];
  /** Every key ever issued, to check that keys are distinct. */
  issued: string[];
  /** The allowlist holds an address the suite does not send from. */
  allowlisted: boolean;
  /** An allowlist was set and then cleared: every address must be let in again. */
  allowlistCleared: boolean;
  /** Seconds the target's clock was moved since the run started. */
  clock: number;
  /** Until this model time the live key may answer 429 (after a burst). */
  limitedUntil: number | null;
  /** The Retry-After of the last 429. */
  retryAfter: number | null;
  /** The other account's key, issued for per-key checks. */
  otherKey: string | null;
  /** The last lastUsedAt key info showed. */
  lastUsedAt: string | null;
  /** Model time the live key was issued at, and of its last successful use (or null). */
  keyIssuedAt: number;
  lastUseAt: number | null;
  /** The live key was sent in a request since it was issued (whatever the answer). */
  livePresented: boolean;
  /** A request with the live key succeeded since key info was last read. */
  usedSinceInfo: boolean;
  /** Why the model stopped following the target (an answer it cannot continue from), or null. */
  lost: string | null;
}

/** The state at the start of every run: the target was reset (or has an unknown key the suite replaces). */
export function initialModel(): LifecycleModel {
  return {
    live: null,
    replaced: [],
    revoked: [],
    issued: [],
    allowlisted: false,
    allowlistCleared: false,
    clock: 0,
    limitedUntil: null,
    retryAfter: null,
    otherKey: null,
    lastUsedAt: null,
    keyIssuedAt: 0,
    lastUseAt: null,
    livePresented: false,
    usedSinceInfo: false,
    lost: null,
  };
}

/** True while a 429 on the live key is possible. */
export function mayBeLimited(model: LifecycleModel): boolean {
  return model.limitedUntil !== null && model.clock < model.limitedUntil;
}
