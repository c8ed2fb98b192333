import fc from 'fast-check';
import { bearer, describeAnswer } from '../session.js';
import { proveWithProperty, type Check } from './check.js';

/**
 * The robustness property: random methods, paths, credential headers and bodies — valid, malformed and
 * oversized — must each get an answer below 500 within the timeout.
 */
export const fuzzCheck: Check = async (context, requirement) => {
  const { target, surface } = context;
  const merchant = fc.oneof(fc.constant(target.merchant), fc.uuid(), fc.string({ maxLength: 16 }).map(encodeURIComponent));
  const path = fc.oneof(
    merchant.map((id) => surface.payment(id).path),
    merchant.map((id) => surface.keyInfo(id).path),
    merchant.map((id) => surface.generateKey(id).path),
    merchant.map((id) => surface.setAllowlist(id).path),
    fc.constant(surface.merchants().path),
    fc.webPath(),
    fc.string({ maxLength: 40 }).map((text) => `/${encodeURIComponent(text)}`),
    fc.constantFrom('/%', '/%E0%A4%A', '/..%2f..%2fetc%2fpasswd', `/merchants/${target.merchant}/invoices?limit=abc&page=-1`),
  );
  const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019._-+/=~ "\'\\:;,{}'.split('')), maxLength: 120 });
  const headers = fc.record(
    {
      // The genuine token only where changing the merchant's key or allowlist is allowed.
      authorization: target.capabilities.has('destructive')
        ? fc.oneof(printable, printable.map((value) => `Bearer ${value}`), fc.constant(bearer(target.bearer).authorization!))
        : fc.oneof(printable, printable.map((value) => `Bearer ${value}`)),
      [surface.keyHeader]: fc.oneof(printable, printable.map((value) => `iterapay_live_${value}`)),
      'content-type': fc.constantFrom('application/json', 'text/plain', 'application/problem+json', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'),
    },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ maxLength: 300 }),
    fc.json({ maxDepth: 3 }),
    fc.constant(JSON.stringify(surface.invoiceBody)),
    fc.constant(`{"amount": "1", "padding": "${'x'.repeat(200_000)}"}`),
    fc.constant('{"a":'.repeat(2_000)),
  );
  return proveWithProperty(
    context,
    requirement,
    fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'), path, headers, body),
    async ([method, requestPath, sent, raw], session) => {
      const answer = await session.http.send({ label: `${method} with random credentials and body`, method, path: requestPath, headers: sent, raw: method === 'GET' || method === 'HEAD' ? undefined : raw });
      const answered = answer.status > 0 && answer.status < 500;
      session.expect.that(requirement, answered, 'an answer below 500 within the timeout', describeAnswer(answer), answer.step);
    },
    { runs: context.runs * 4 },
  );
};
