import { IncomingMessage, ServerResponse } from 'node:http';

/** The prototypes an Express app gives every request and response it handles. */
export interface AppPrototypes {
  request: IncomingMessage;
  response: ServerResponse;
}

/** `createServer` options: the constructors node:http builds requests and responses with. */
export interface MessageConstructors {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

/**
 * Makes node:http build an Express app's requests and responses with the app's prototypes from birth: the
 * returned constructors go to `createServer`. Express sets `app.request` and `app.response` as the prototype
 * of every request and response it handles (`Object.setPrototypeOf`); on an object that already has it,
 * that does nothing, whereas switching the prototype of a live object makes V8 rebuild its hidden class
 * each time and turns node:http's property accesses on these objects megamorphic — most of what answering
 * costs.
 *
 * The constructors are subclasses of node:http's (`class … extends`), so V8 lays their objects out for all
 * the fields node:http gives them. (A plain function calling node:http's constructor on its own `this`
 * gets a small layout, which a response outgrows: V8 then turns every response into a dictionary, slow
 * properties, which costs more per answer than routing it.) A class's prototype cannot be replaced, so the
 * app's are: `app.request` and `app.response` become the classes' prototypes, which inherit from the app's
 * previous ones (Express's methods and `app`).
 */
export function bornWithPrototypesOf(app: AppPrototypes): MessageConstructors {
  class Request extends IncomingMessage {}
  class Response extends ServerResponse {}
  Object.setPrototypeOf(Request.prototype, app.request);
  Object.setPrototypeOf(Response.prototype, app.response);
  app.request = Request.prototype;
  app.response = Response.prototype;
  // A subclass is one for any request type node:http may give it.
  return { IncomingMessage: Request, ServerResponse: Response as typeof ServerResponse };
}
