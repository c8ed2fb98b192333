import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

describe('createRateLimiter (rolling window)', () => {
  it('admits `limit` requests per window and tells when the next one fits, in whole seconds', () => {
    const limiter = createRateLimiter({ limit: 3, windowSeconds: 60 });
    expect([0, 10_000, 20_000].map((t) => limiter.consume('k', t).allowed)).toEqual([true, true, true]);
    expect(limiter.consume('k', 20_500)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limiter.consume('k', 59_999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.consume('k', 60_000)).toEqual({ allowed: true });
    expect(limiter.consume('k', 60_001)).toEqual({ allowed: false, retryAfterSeconds: 10 });
  });

  it('does not count rejected requests and keeps callers apart', () => {
    const limiter = createRateLimiter({ limit: 1, windowSeconds: 1 });
    expect(limiter.consume('a', 0).allowed).toBe(true);
    for (let t = 1; t < 1000; t += 100) expect(limiter.consume('a', t).allowed).toBe(false);
    expect(limiter.consume('b', 500).allowed).toBe(true);
    expect(limiter.consume('a', 1000).allowed).toBe(true);
    limiter.reset();
    expect(limiter.consume('a', 1001).allowed).toBe(true);
  });

  it('stays exact across many windows (the log is compacted, not lost)', () => {
    const limiter = createRateLimiter({ limit: 5000, windowSeconds: 1 });
    let admitted = 0;
    for (let i = 0; i < 100_000; i += 1) if (limiter.consume('k', i / 10).allowed) admitted += 1;
    expect(admitted).toBe(5000 * 10);
  });

  it('counts every request of the same millisecond, and a per-caller limit', () => {
    const limiter = createRateLimiter({ limit: 3, windowSeconds: 1 });
    expect([0, 0, 0, 0].map((t) => limiter.consume('k', t).allowed)).toEqual([true, true, true, false]);
    expect(limiter.consume('k', 999)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect([1000, 1000, 1000, 1000].map((t) => limiter.consume('k', t).allowed)).toEqual([true, true, true, false]);
    expect([0, 0, 0].map((t) => limiter.consume('small', t, 2).allowed)).toEqual([true, true, false]);
  });
});
