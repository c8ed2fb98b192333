import type { State } from '../core/state.js';

/** Options of {@link StateStore.set}. */
export interface SetOptions {
  /** The change may reach durable storage a little later (a key's lastUsedAt), batched with others. */
  deferrable?: boolean;
}

/** Where the current {@link State} lives. Every change goes through `set`. */
export interface StateStore {
  get(): State;
  /**
   * Makes `state` the current state once it is durable (deferrable changes: at once).
   * @throws {AuthproofError} `state_not_saved` when it cannot be stored; the current state is then unchanged.
   */
  set(state: State, options?: SetOptions): void;
  /** Writes any deferred change now. */
  flush(): void;
}

/** Holds the state in memory (the default). */
export function createMemoryStore(initial: State): StateStore {
  let current = initial;
  return {
    get: () => current,
    set(state) {
      current = state;
    },
    flush() {},
  };
}
