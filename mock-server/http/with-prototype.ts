import { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A constructor of node:http's requests or responses that are born with `prototype` (one inheriting from
 * `Base.prototype`, like Express's `app.request` and `app.response`), for `createServer`'s
 * `IncomingMessage` and `ServerResponse` options. Express sets its prototype on every request and
 * response it handles (`Object.setPrototypeOf`); on an object that already has it, that does nothing,
 * whereas switching the prototype of a live object makes V8 rebuild its hidden class each time and turns
 * node:http's property accesses on these objects megamorphic — most of what answering costs.
 */
export function withPrototype<C extends typeof IncomingMessage | typeof ServerResponse>(Base: C, prototype: InstanceType<C>): C {
  // Both are plain constructor functions (not classes), which an inheriting constructor calls on `this`.
  const construct = Base as unknown as (this: unknown, first: unknown, second: unknown) => void;
  function Born(this: unknown, first: unknown, second: unknown): void {
    construct.call(this, first, second);
  }
  Born.prototype = prototype;
  return Born as unknown as C;
}

/**
 * `createServer` options under which node:http creates every request and response with an Express app's
 * prototypes (`app.request`, `app.response`), so that the app need not switch them.
 */
export function bornWithPrototypesOf(app: { request: IncomingMessage; response: ServerResponse }): {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
} {
  return { IncomingMessage: withPrototype(IncomingMessage, app.request), ServerResponse: withPrototype(ServerResponse, app.response) };
}
