/** A value now, or later: the request pipeline runs a step synchronously when nothing it needs has to wait. */
export type MaybePromise<T> = T | Promise<T>;
