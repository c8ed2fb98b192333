/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Continues with `next` at once when `value` is already there, or when the promise settles. The request
 * pipeline uses it so that a request needing nothing asynchronous (an API-key call with compiled
 * validators) runs start to finish in one go, without a microtask hop per step.
 */
export function thenMaybe<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
