import fc from 'fast-check';
import { credentialHeaders, jwtScheme, keyScheme, requestPath } from '../profile/surface.js';
import { describeAnswer } from '../session.js';
import { proveWithProperty, type Check } from './check.js';

/**
 * The robustness property: random methods, paths (every documented operation, with the merchant or garbage
 * in its place, and random paths), credential headers and bodies — valid, malformed and oversized — must
 * each get an answer below 500 within the timeout.
 */
export const fuzzCheck: Check = async (context, active) => {
  const { target, surface } = context;
  const bearer = jwtScheme(surface);
  const key = keyScheme(surface);
  const merchant = fc.oneof(fc.constant(target.merchant), fc.uuid(), fc.string({ maxLength: 16 }));
  const path = fc.oneof(
    fc.tuple(fc.constantFrom(...surface.operations), merchant).map(([operation, id]) => requestPath(operation, id)),
    fc.webPath(),
    fc.string({ maxLength: 40 }).map((text) => `/${encodeURIComponent(text)}`),
    fc.constantFrom('/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', `${requestPath(surface.operations[0]!, target.merchant)}?limit=abc&page=-1`),
  );
  const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019._-+/=~ "\'\\:;,{}'.split('')), maxLength: 120 });
  const credentials: Record<string, fc.Arbitrary<string>> = {};
  if (bearer) {
    const values = [printable, printable.map((value) => `Bearer ${value}`)];
    // The genuine token only where changing the merchant's key or allowlist is allowed.
    if (target.capabilities.has('destructive')) values.push(fc.constant(credentialHeaders(bearer, target.bearer).authorization!));
    credentials.authorization = fc.oneof(...values);
  }
  if (key?.location.kind === 'header') credentials[key.location.header.toLowerCase()] = fc.oneof(printable, printable.map((value) => `${key.keyFormat!.prefix}${value}`));
  const headers = fc.record(
    {
      ...credentials,
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/problem+json', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'),
    },
    { requiredKeys: [] },
  );
  const samples = surface.operations.flatMap((operation) => (operation.body === undefined ? [] : [JSON.stringify(operation.body)]));
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 3 }),
    ...(samples.length > 0 ? [fc.constantFrom(...samples)] : []),
    fc.constant(`{"amount": "1", "padding": "${'x'.repeat(200_000)}"}`),
    fc.constant('{"a":'.repeat(2_000)),
  );
  return proveWithProperty(
    context,
    'fuzz',
    active,
    fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), path, headers, body),
    async ([method, requestPath, sent, raw], session) => {
      const answer = await session.http.send({ label: `${method} with random credentials and body`, method, path: requestPath, headers: sent, raw: method === 'GET' || method === 'HEAD' ? undefined : raw });
      const answered = answer.status > 0 && answer.status < 500;
      session.expect.that('ROBUST-NO-5XX', answered, 'an answer below 500 within the timeout', describeAnswer(answer), answer.step);
    },
    { runs: context.runs * 4 },
  );
};
