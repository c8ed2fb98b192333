import type { Request, Response } from 'express';
import { parse, pathToRegexp } from 'path-to-regexp';
import { AuthproofError } from '../core/errors.js';
import type { OperationDefinition } from '../profile/profile.js';

/** One OpenAPI path: how a request path is matched against it, and its handlers by upper-case method. */
interface PathRoute<Handler> {
  /** The template's literal start; a path that does not start with it cannot match. */
  prefix: string;
  /** A template without parameters: the two paths that match it (as is, and with a trailing slash). */
  literal: readonly [string, string] | null;
  /** Path-to-regexp's expression of the template, and the names of its parameters in order. */
  regexp: RegExp;
  names: string[];
  handlers: Map<string, Handler>;
  /** What a 405 names in `Allow`. */
  allow: string[];
}

/** What a literal template's match gives: no parameter values. */
const NO_VALUES: readonly string[] = [];

/** `/key/info/{merchantID}` → `/key/info/:merchantID` (quoted when the name is not an identifier). */
function toExpressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, (_match, name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? `:${name}` : `:"${name}"`));
}

/** How Express's router decodes a path parameter: a malformed escape throws a URIError (answered 400). */
function decodeParam(value: string): string {
  return value.includes('%') ? decodeURIComponent(value) : value;
}

/** Compiles one path as Express's router would route it: case-sensitive, with an optional trailing slash. */
function compileRoute<Handler>(template: string, operations: ReadonlyArray<readonly [OperationDefinition, Handler]>): PathRoute<Handler> {
  const expressPath = toExpressPath(template);
  // The router drops a path's trailing slashes when routing is not strict.
  const path = expressPath === '/' ? expressPath : expressPath.replace(/\/+$/, '');
  const { tokens } = parse(path);
  const [first] = tokens;
  const { regexp, keys } = pathToRegexp(path, { sensitive: true, end: true, trailing: true });
  const text = tokens.every((token) => token.type === 'text') ? tokens.map((token) => token.value).join('') : null;
  const allow = operations.map(([operation]) => operation.method.toUpperCase());
  if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD');
  return {
    prefix: first?.type === 'text' ? first.value : '',
    literal: text === null ? null : [text, `${text}/`],
    regexp,
    names: keys.map((key) => key.name),
    handlers: new Map(operations.map(([operation, handler]) => [operation.method.toUpperCase(), handler])),
    allow,
  };
}

/**
 * One middleware that routes every operation of the profile, in place of one Express route per path: the
 * first path (in the profile's order) that matches the request path takes the request, matched and its
 * parameters decoded as Express's router does; it runs the handler of the request's method (GET's for a
 * HEAD), or answers 405 with `Allow`. A path no operation has is 404.
 * @returns a dispatcher that gives the handler's result (a promise when it has to wait) and throws what it throws.
 */
export function createOperationDispatcher<Result>(
  operations: ReadonlyArray<readonly [OperationDefinition, (request: Request, response: Response) => Result]>,
): (request: Request, response: Response) => Result {
  const byPath = new Map<string, Array<(typeof operations)[number]>>();
  for (const entry of operations) byPath.set(entry[0].path, [...(byPath.get(entry[0].path) ?? []), entry]);
  const routes = [...byPath].map(([template, entries]) => compileRoute(template, entries));

  return (request, response) => {
    const { path, method } = request;
    for (const route of routes) {
      if (!path.startsWith(route.prefix)) continue;
      // A literal template is matched by comparison, which costs less than running its expression.
      const found = route.literal === null ? route.regexp.exec(path) : path === route.literal[0] || path === route.literal[1] ? NO_VALUES : null;
      if (!found) continue;
      // Decoded as the router decodes them (a plain object: V8 handles one built with a null prototype on its slow path).
      const params: Record<string, string> = {};
      for (let index = 0; index < route.names.length; index += 1) params[route.names[index]!] = decodeParam(found[index + 1]!);
      const handler = route.handlers.get(method) ?? (method === 'HEAD' ? route.handlers.get('GET') : undefined);
      if (!handler) throw new AuthproofError('method_not_allowed', `Allowed methods: ${route.allow.join(', ')}`, { allow: route.allow });
      request.params = params;
      return handler(request, response);
    }
    throw new AuthproofError('route_not_found');
  };
}
