/** A source of the current time in epoch milliseconds. The core never reads the system clock itself. */
export interface Clock {
  now(): number;
}

/** What the admin API shows of a {@link ControlledClock}. */
export interface ClockSnapshot {
  /** Current time, epoch milliseconds. */
  now: number;
  /** True when time stands still until it is advanced or set. */
  frozen: boolean;
}

/**
 * A clock that runs with its source shifted by an offset, or stands frozen. One instance drives JWT
 * verification, the rate limiter and every timestamp, so advancing it moves all of them together.
 */
export interface ControlledClock extends Clock {
  /** Moves time forward (or back, with a negative value) by `ms`. */
  advance(ms: number): ClockSnapshot;
  /** Jumps to `epochMs`; `frozen` (default: unchanged) stops or restarts the flow of time. */
  set(epochMs: number, frozen?: boolean): ClockSnapshot;
  snapshot(): ClockSnapshot;
}

/** Options of {@link createControlledClock}. */
export interface ControlledClockOptions {
  /** Where real time comes from; adapters pass `Date.now`. */
  source: () => number;
  /** Start at this instant instead of the source's. */
  start?: number;
  /** Start frozen. */
  frozen?: boolean;
}

/** Creates a {@link ControlledClock} over an injected time source. */
export function createControlledClock(options: ControlledClockOptions): ControlledClock {
  const { source } = options;
  let frozen = options.frozen ?? false;
  let frozenAt = options.start ?? source();
  let offset = options.start === undefined ? 0 : options.start - source();

  const now = (): number => (frozen ? frozenAt : source() + offset);
  const snapshot = (): ClockSnapshot => ({ now: now(), frozen });

  return {
    now,
    snapshot,
    advance(ms) {
      if (frozen) frozenAt += ms;
      else offset += ms;
      return snapshot();
    },
    set(epochMs, nextFrozen = frozen) {
      frozen = nextFrozen;
      frozenAt = epochMs;
      offset = epochMs - source();
      return snapshot();
    },
  };
}
