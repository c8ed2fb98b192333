import fc from 'fast-check';
import { accepts, credentialHeaders, jwtScheme, keyScheme, operationFor, requestPath, type SurfaceOperation, type SurfaceScheme } from '../profile/surface.js';
import { describeAnswer } from '../session.js';
import { proveWithProperty, type Check } from './check.js';
import { forgeTokens } from './forge-tokens.js';

/** A credential that must be refused, and the requirement that says so. */
interface CredentialCase {
  requirement: string;
  label: string;
  /** The kind of operation it is sent to: any that needs a credential, or those taking that kind. */
  to: 'any' | SurfaceScheme['credential'];
  headers: Record<string, string>;
}

/** One credential case on one operation, printed as such in a counterexample. */
interface Pair {
  operation: SurfaceOperation;
  credential: CredentialCase;
  [fc.toStringMethod]: () => string;
}

/** Keys that are not of the scheme's format: empty, the prefix alone, too long, wrong case, another alphabet, another prefix. */
function malformedKeys(scheme: SurfaceScheme): string[] {
  const { prefix, length, alphabet } = scheme.keyFormat!;
  const foreign = [...'!#%&*~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'].find((char) => !alphabet.includes(char)) ?? '!';
  const good = alphabet[0]!.repeat(length);
  return ['', prefix, `${prefix}${good}${alphabet[0]}`, `${prefix}${good.slice(1)}`, `${prefix}${foreign}${good.slice(1)}`, `x${prefix.slice(1)}${good}`, 'x'.repeat(300)]
    .filter((value, index, all) => all.indexOf(value) === index && value !== `${prefix}${good}`);
}

/** A key of the scheme's format that no deployment issued (a fixed pattern of the alphabet). */
function unknownKey(scheme: SurfaceScheme, salt: number): string {
  const { prefix, length, alphabet } = scheme.keyFormat!;
  return prefix + Array.from({ length }, (_, index) => alphabet[(index * 7 + salt * 13 + 3) % alphabet.length]).join('');
}

/**
 * The credential property: every operation that needs a credential, called with a missing, malformed,
 * unknown, forged or stale credential of a kind it takes; each must get the profile's status for it. The
 * first runs take every case on every operation; the rest draw pairs at random.
 */
export const credentialsCheck: Check = async (context, active) => {
  const { target, surface, coverage } = context;
  const bearer = jwtScheme(surface);
  const key = keyScheme(surface);
  const { missing, invalid } = surface.rules;
  const cases: CredentialCase[] = [{ requirement: 'AUTH-MISSING', label: 'no credential', to: 'any', headers: {} }];
  if (bearer) {
    for (const value of ['Bearer', 'Bearer ', 'Bearer a b', 'Basic YWxpY2U6c2VjcmV0', 'bearer\tx', 'Token abc']) {
      cases.push({ requirement: 'AUTH-MALFORMED', label: `Authorization: ${JSON.stringify(value)}`, to: 'jwt', headers: { authorization: value } });
    }
    const jwks = operationFor(coverage.open, 'auth.jwks');
    const material = jwks
      ? await fetch(`${target.baseUrl}${requestPath(jwks)}`, { signal: AbortSignal.timeout(context.timeoutMs) }).then((response) => (response.ok ? response.text() : ''), () => '')
      : '';
    const forgeries = await forgeTokens(target.bearer, material || target.bearer);
    if (!forgeries) {
      for (const requirement of ['JWT-ALG-NONE', 'JWT-BAD-SIGNATURE', 'JWT-TAMPERED', 'JWT-WRONG-ALG']) context.ledger.explain(requirement, 'the Bearer token given is not a JWT, so no forgery can be derived from it');
    }
    for (const forgery of forgeries ?? []) {
      cases.push({ requirement: forgery.requirement, label: forgery.label, to: 'jwt', headers: credentialHeaders(bearer, forgery.token) });
    }
    if (target.mintToken) {
      cases.push({ requirement: 'JWT-EXPIRED', label: 'an expired token', to: 'jwt', headers: credentialHeaders(bearer, await target.mintToken({ expiresInSeconds: -60 })) });
      cases.push({ requirement: 'JWT-NOT-YET-VALID', label: 'a token whose nbf is 5 minutes ahead', to: 'jwt', headers: credentialHeaders(bearer, await target.mintToken({ notBeforeSeconds: 300 })) });
    }
  }
  if (key) {
    for (const value of malformedKeys(key)) cases.push({ requirement: 'AUTH-MALFORMED', label: `a malformed API key (${value.length} characters)`, to: 'merchant-key', headers: credentialHeaders(key, value) });
    for (const salt of [0, 1, 2]) cases.push({ requirement: 'AUTH-UNKNOWN-KEY', label: 'a well-formed key never issued', to: 'merchant-key', headers: credentialHeaders(key, unknownKey(key, salt)) });
  }
  const pairs = cases.flatMap((credential) =>
    coverage.served
      .filter((operation) => credential.to === 'any' || accepts(operation, credential.to))
      .map((operation): Pair => ({ operation, credential, [fc.toStringMethod]: () => `${operation.operationId} with ${credential.label}` })),
  );
  if (pairs.length === 0) return { kind: 'skipped', reason: 'the target serves no operation that needs a credential' };

  return proveWithProperty(
    context,
    'credentials',
    active,
    fc.constantFrom(...pairs),
    async ({ operation, credential }, session) => {
      const answer = await session.http.send({
        label: `call ${operation.operationId} with ${credential.label}`,
        method: operation.method,
        path: requestPath(operation, target.merchant),
        headers: credential.headers,
        body: operation.body,
        operation: operation.operationId,
      });
      const status = credential.requirement === 'AUTH-MISSING' ? missing : invalid;
      session.expect.that(credential.requirement, answer.status === status, `${status} on ${operation.operationId}`, describeAnswer(answer), answer.step);
    },
    { examples: pairs, reset: false },
  );
};
