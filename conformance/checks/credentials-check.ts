import fc from 'fast-check';
import type { HttpAnswer } from '../http-client.js';
import type { Endpoint } from '../iterapay-surface.js';
import { bearer, describeAnswer, type Session } from '../session.js';
import { proveWithProperty, type Check } from './check.js';
import { forgeTokens } from './forge-tokens.js';

/** Requirements every rejected credential case also exercises. */
const ON_EVERY_ERROR = new Set(['AUTH-CHALLENGE', 'ERROR-PROBLEM-JSON']);

interface CredentialCase {
  requirement: string;
  label: string;
  headers: Record<string, string>;
}

/** Checks the answer to a rejected credential: 401, a challenge, and a problem document. */
function expectRejected(session: Session, requirement: string, answer: HttpAnswer): void {
  const { expect } = session;
  expect.that(requirement, answer.status === 401, '401', describeAnswer(answer), answer.step);
  if (answer.status === 401) {
    expect.that('AUTH-CHALLENGE', answer.headers.has('www-authenticate'), 'a WWW-Authenticate header', 'none', answer.step);
  }
  if (answer.status >= 400 && answer.status < 500) expectProblem(session, answer);
}

/** RFC 9457 problem details whose `status` is the HTTP status. */
function expectProblem({ expect }: Session, answer: HttpAnswer): void {
  const type = answer.headers.get('content-type')?.split(';')[0]?.trim();
  const body = answer.json as Record<string, unknown> | undefined;
  const shaped =
    type === 'application/problem+json' &&
    typeof body?.type === 'string' &&
    typeof body.title === 'string' &&
    body.status === answer.status &&
    typeof body.detail === 'string' &&
    typeof body.instance === 'string';
  expect.that(
    'ERROR-PROBLEM-JSON',
    shaped,
    'application/problem+json with type, title, status, detail, instance',
    `${type ?? 'no content type'}${body ? ` with ${Object.keys(body).join(', ')}` : ''}`,
    answer.step,
  );
}

/**
 * The credential property: operations that take a Bearer token, an API key or either, each called with a
 * missing, malformed, unknown, forged or stale credential; every one must get 401 with a challenge and a
 * problem document.
 */
export const credentialsCheck: Check = async (context, requirement) => {
  const { target, surface } = context;
  const jwks = await fetch(`${target.baseUrl}/.well-known/jwks.json`, { signal: AbortSignal.timeout(10_000) }).then(
    (response) => (response.ok ? response.text() : ''),
    () => '',
  );
  const forgeries = await forgeTokens(target.bearer, jwks || target.bearer);
  if (!forgeries && requirement.startsWith('JWT-')) return { kind: 'skipped', reason: 'the Bearer token given is not a JWT, so no forgery can be derived from it' };

  const cases: CredentialCase[] = [
    { requirement: 'AUTH-MISSING-401', label: 'no credential', headers: {} },
    ...['Bearer', 'Bearer ', 'Bearer a b', 'Basic YWxpY2U6c2VjcmV0', 'bearer\tx', 'Token abc'].map((value) => ({
      requirement: 'AUTH-MALFORMED-401',
      label: `Authorization: ${JSON.stringify(value)}`,
      headers: { authorization: value },
    })),
    ...['', 'iterapay_live_', 'iterapay_test_0000000000000000000000000000000', `${surface.unknownKey('A')}`.toUpperCase(), 'x'.repeat(300)].map((value) => ({
      requirement: 'AUTH-MALFORMED-401',
      label: `a malformed API key (${value.length} characters)`,
      headers: { [surface.keyHeader]: value },
    })),
    ...['0', 'deadbeef', 'zzzz'].map((suffix) => ({ requirement: 'AUTH-UNKNOWN-KEY-401', label: 'a well-formed key never issued', headers: { [surface.keyHeader]: surface.unknownKey(suffix) } })),
    ...(forgeries ?? []).map((forgery) => ({ requirement: forgery.requirement, label: forgery.label, headers: bearer(forgery.token) })),
  ];
  if (target.mintToken && (requirement === 'JWT-EXPIRED' || requirement === 'JWT-NOT-YET-VALID' || ON_EVERY_ERROR.has(requirement))) {
    cases.push({ requirement: 'JWT-EXPIRED', label: 'an expired token', headers: bearer(await target.mintToken({ expiresInSeconds: -60 })) });
    cases.push({ requirement: 'JWT-NOT-YET-VALID', label: 'a token whose nbf is 5 minutes ahead', headers: bearer(await target.mintToken({ notBeforeSeconds: 300 })) });
  }
  const relevant = ON_EVERY_ERROR.has(requirement) ? cases : cases.filter((candidate) => candidate.requirement === requirement);
  if (relevant.length === 0) return { kind: 'skipped', reason: 'the target offers no way to build this credential' };

  const endpoints: Endpoint[] = [surface.keyInfo(target.merchant), surface.payment(target.merchant), surface.merchants()];
  return proveWithProperty(context, requirement, fc.tuple(fc.constantFrom(...endpoints), fc.constantFrom(...relevant)), async ([endpoint, credential], session) => {
    const answer = await session.http.send({ label: `${endpoint.method} ${endpoint.path} with ${credential.label}`, ...endpoint, headers: credential.headers });
    expectRejected(session, credential.requirement, answer);
  });
};
