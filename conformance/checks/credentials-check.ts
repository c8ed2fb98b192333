import fc from 'fast-check';
import { accepts, credentialHeaders, jwtScheme, keyScheme, operationFor, requestPath, type CredentialFailure, type SurfaceOperation, type SurfaceScheme } from '../profile/surface.js';
import { describeAnswer } from '../session.js';
import { proveWithProperty, type Check } from './check.js';
import { failureCodeMismatch } from '../profile/dialect-mismatch.js';
import { resolveCode } from '../profile/resolve-code.js';
import { forgeTokens } from './forge-tokens.js';

/** A credential that must be refused, and the requirement that says so. */
interface CredentialCase {
  requirement: string;
  label: string;
  /** The kind of operation it is sent to: any that needs a credential, or those taking that kind. */
  to: 'any' | SurfaceScheme['credential'];
  headers: Record<string, string>;
  /** The statuses it may get: of the failures its scheme's catalogue may classify it as (none: missing). */
  statuses: number[];
  /** The provider codes it may carry, by the same failures (`undefined`: a failure the catalogue gives none). */
  codes: Set<string | undefined>;
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
  // A forged token may be read as not a JWT at all (malformed) or as one that fails verification (invalid).
  const answers = (scheme: SurfaceScheme, ...failures: CredentialFailure[]) => ({
    statuses: [...new Set(failures.map((failure) => invalid(scheme, failure)))],
    codes: new Set(failures.map((failure) => resolveCode(surface.errors, failure, scheme).code)),
  });
  const cases: CredentialCase[] = [{ requirement: 'AUTH-MISSING', label: 'no credential', to: 'any', headers: {}, statuses: [missing], codes: new Set([resolveCode(surface.errors, 'credential_missing').code]) }];
  if (bearer) {
    for (const value of ['Bearer', 'Bearer ', 'Bearer a b', 'Basic YWxpY2U6c2VjcmV0', 'bearer\tx', 'Token abc']) {
      cases.push({ requirement: 'AUTH-MALFORMED', label: `Authorization: ${JSON.stringify(value)}`, to: 'jwt', headers: { authorization: value }, ...answers(bearer, 'credential_malformed') });
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
      cases.push({ requirement: forgery.requirement, label: forgery.label, to: 'jwt', headers: credentialHeaders(bearer, forgery.token), ...answers(bearer, 'credential_invalid', 'credential_malformed') });
    }
    if (target.capabilities.has('expired-token')) {
      cases.push({ requirement: 'JWT-EXPIRED', label: 'an expired token', to: 'jwt', headers: credentialHeaders(bearer, await target.staleToken!('expired')), ...answers(bearer, 'credential_expired') });
    }
    if (target.capabilities.has('not-yet-valid-token')) {
      const headers = credentialHeaders(bearer, await target.staleToken!('not-yet-valid'));
      cases.push({ requirement: 'JWT-NOT-YET-VALID', label: 'a token whose nbf is ahead', to: 'jwt', headers, ...answers(bearer, 'credential_not_yet_valid') });
    }
  }
  if (key) {
    for (const value of malformedKeys(key)) {
      cases.push({ requirement: 'AUTH-MALFORMED', label: `a malformed API key (${value.length} characters)`, to: 'merchant-key', headers: credentialHeaders(key, value), ...answers(key, 'credential_malformed') });
    }
    for (const salt of [0, 1, 2]) {
      cases.push({ requirement: 'AUTH-UNKNOWN-KEY', label: 'a well-formed key never issued', to: 'merchant-key', headers: credentialHeaders(key, unknownKey(key, salt)), ...answers(key, 'credential_invalid') });
    }
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
      const expected = credential.statuses;
      session.expect.that(credential.requirement, expected.includes(answer.status), `${expected.join(' or ')} on ${operation.operationId}`, describeAnswer(answer), answer.step);
      if (expected.includes(answer.status)) {
        const mismatch = failureCodeMismatch(surface, answer, credential.codes);
        session.expect.that('ERROR-DIALECT', mismatch === null, `the provider's code for ${credential.label} on ${operation.operationId}`, mismatch ?? '', answer.step);
      }
    },
    { examples: pairs, reset: false },
  );
};
