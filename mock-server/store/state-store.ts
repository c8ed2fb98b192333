import type { State } from '../core/state.js';

/** Where the current {@link State} lives. Every change goes through `set`. */
export interface StateStore {
  get(): State;
  set(state: State): void;
}

/** Holds the state in memory (the default). */
export function createMemoryStore(initial: State): StateStore {
  let current = initial;
  return {
    get: () => current,
    set(state) {
      current = state;
    },
  };
}
