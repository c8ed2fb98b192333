import { describe, expect, it } from 'vitest';
import { createControlledClock } from './clock.js';

describe('createControlledClock', () => {
  it('follows its source shifted by what was advanced or set', () => {
    let real = 1_000;
    const clock = createControlledClock({ source: () => real });
    expect(clock.now()).toBe(1_000);
    real = 1_500;
    expect(clock.now()).toBe(1_500);
    clock.advance(60_000);
    expect(clock.now()).toBe(61_500);
    clock.set(5_000);
    real = 2_000;
    expect(clock.now()).toBe(5_500);
  });

  it('stands still when frozen until advanced, and runs again when released', () => {
    let real = 0;
    const clock = createControlledClock({ source: () => real, start: 100, frozen: true });
    real = 999;
    expect(clock.snapshot()).toEqual({ now: 100, frozen: true });
    expect(clock.advance(-50)).toEqual({ now: 50, frozen: true });
    clock.set(clock.now(), false);
    real = 1_009;
    expect(clock.now()).toBe(60);
  });
});
