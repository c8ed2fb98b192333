import type { IncomingHttpHeaders } from 'node:http';
import { AuthproofError, isCredentialFailure } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition, SchemeDefinition } from '../profile/profile.js';
import { credentialHandlers } from './security/credential-handlers.js';
import { credentialReader, describeLocation, type CredentialReader, type PresentedCredential } from './security/read-credential.js';
import type { MaybePromise } from '../core/then-maybe.js';

/** Authenticates one request for one operation; see {@link createAuthenticator}. */
export type Authenticator = (headers: IncomingHttpHeaders) => MaybePromise<Admission | null>;

/** Who authenticated, and the permissions (OpenAPI scopes) the requirement they satisfied asks of their credential. */
export interface Admission {
  principal: Principal;
  permissions: readonly string[];
}

/** What checking one presented credential gave. */
type Outcome = { principal: Principal } | { error: AuthproofError };

function describe(scheme: SchemeDefinition): string {
  return describeLocation(scheme.location, scheme.credential);
}

function failed(error: unknown, scheme: SchemeDefinition): Outcome {
  if (!(error instanceof AuthproofError)) throw error;
  return { error: new AuthproofError(error.code, error.message, { ...error.meta, scheme: scheme.name }) };
}

/** Checks one presented credential; API keys are checked synchronously, JWTs asynchronously. */
function settle(scheme: SchemeDefinition, presented: PresentedCredential, runtime: MockRuntime): MaybePromise<Outcome> {
  if ('malformed' in presented) return { error: new AuthproofError('credential_malformed', presented.malformed, { scheme: scheme.name }) };
  try {
    const principal = credentialHandlers[scheme.credential].verify(presented.value, scheme, runtime);
    return principal instanceof Promise
      ? principal.then(
          (resolved): Outcome => ({ principal: resolved }),
          (error: unknown) => failed(error, scheme),
        )
      : { principal };
  } catch (error) {
    return failed(error, scheme);
  }
}

/** The header a scheme's credential travels in. */
const headerOf = (scheme: SchemeDefinition): string => (scheme.location.kind === 'bearer' ? 'authorization' : scheme.location.header.toLowerCase());

/** Whether a value has the shape a scheme issues: its key prefix, or a JWS compact serialization. */
function hasShapeOf(scheme: SchemeDefinition, value: string): boolean {
  return scheme.keyFormat ? value.startsWith(scheme.keyFormat.prefix) : /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value);
}

/**
 * Where several schemes read the same header (an admin key and an OAuth JWT both in `Authorization:
 * Bearer`; a secret and a public key both raw in `Authorization`), a presented value belongs to the scheme
 * whose shape it has — its key prefix, or a JWT's three segments — judged on the value each scheme reads
 * (a raw JWT is no Bearer token); a value of no scheme's shape is judged by each scheme that reads it, and
 * a header a scheme cannot read at all (no `Bearer`) is judged by that scheme too. A header read by one
 * scheme is that scheme's.
 */
function claimsOf(
  schemes: readonly SchemeDefinition[],
  readers: ReadonlyMap<SchemeDefinition, CredentialReader>,
): (scheme: SchemeDefinition, credential: PresentedCredential, headers: IncomingHttpHeaders) => boolean {
  const sharing = new Map<string, SchemeDefinition[]>();
  for (const scheme of schemes) sharing.set(headerOf(scheme), [...(sharing.get(headerOf(scheme)) ?? []), scheme]);
  return (scheme, credential, headers) => {
    const rivals = sharing.get(headerOf(scheme))!;
    if (rivals.length === 1 || !('value' in credential)) return true;
    const readable = rivals.flatMap((rival) => {
      const read = rival === scheme ? credential : readers.get(rival)!(headers);
      return read !== undefined && 'value' in read ? [{ rival, value: read.value }] : [];
    });
    return hasShapeOf(scheme, credential.value) || !readable.some(({ rival, value }) => hasShapeOf(rival, value));
  };
}

/**
 * Compiles the operation's `security` into an {@link Authenticator}. OR across requirements, AND within
 * one; a requirement is tried when every credential it names is present.
 *
 * - no credential at all → 401 `credential_missing`;
 * - an accepted credential that fails → 401 with its reason (malformed, invalid, expired, revoked, …);
 * - only credentials of kinds the operation does not accept: valid → 403 `wrong_credential_kind` (naming
 *   the presented scheme, whose `x-authproof-codes` may answer otherwise), invalid → 401.
 *
 * Every presented credential is checked first (the checks have no side effects); the decision is then a
 * pure function of the outcomes. The authenticator gives the principal of the first requirement that
 * passes, or null on an operation without security (or with optional security and no credential sent).
 * @see shared/seeds/000_76daade9c3345efb.txt — "This typically means you used an API key for an operation
 *   that requires a Bearer token" (403).
 */
export function createAuthenticator(operation: OperationDefinition, runtime: MockRuntime): Authenticator {
  const schemes = runtime.profile.schemes;
  const byName = (name: string): SchemeDefinition => schemes.find((scheme) => scheme.name === name)!;
  // An empty requirement ({}) makes the credential optional: checked when sent, not required.
  const optional = operation.security.some((requirement) => requirement.length === 0);
  const entries = operation.security.map((requirement, index) => ({ schemes: requirement.map(byName), scopes: operation.scopes[index] ?? {} })).filter((entry) => entry.schemes.length > 0);
  const requirements = entries.map((entry) => entry.schemes);
  if (requirements.length === 0) return () => null;
  const accepted = [...new Set(requirements.flat())];
  const others = schemes.filter((scheme) => !accepted.includes(scheme));
  const wanted = accepted.map(describe).join(' or ');
  const missing = `${wanted.charAt(0).toUpperCase()}${wanted.slice(1)} is required`;

  function decide(outcomes: ReadonlyMap<SchemeDefinition, Outcome>): Admission {
    let failure: AuthproofError | undefined;
    for (const { schemes: requirement, scopes } of entries) {
      const results = requirement.map((scheme) => outcomes.get(scheme));
      if (results.some((result) => result === undefined)) continue;
      const error = results.find((result) => 'error' in result!) as { error: AuthproofError } | undefined;
      if (!error) return { principal: (results[0] as { principal: Principal }).principal, permissions: scopes[requirement[0]!.name] ?? [] };
      failure ??= error.error;
    }
    if (failure) throw failure;
    for (const scheme of others) {
      const outcome = outcomes.get(scheme);
      if (!outcome) continue;
      if ('principal' in outcome) {
        throw new AuthproofError('wrong_credential_kind', `This operation requires ${wanted}; ${describe(scheme)} is not accepted`, { scheme: scheme.name });
      }
      if (isCredentialFailure(outcome.error.code)) failure ??= outcome.error;
    }
    throw failure ?? new AuthproofError('credential_missing', missing);
  }

  const readers = new Map(schemes.map((scheme) => [scheme, credentialReader(scheme.location)]));
  const claims = claimsOf(schemes, readers);
  return (headers) => {
    const outcomes = new Map<SchemeDefinition, MaybePromise<Outcome>>();
    let pending = false;
    for (const [scheme, read] of readers) {
      const credential = read(headers);
      if (!credential || !claims(scheme, credential, headers)) continue;
      const outcome = settle(scheme, credential, runtime);
      pending ||= outcome instanceof Promise;
      outcomes.set(scheme, outcome);
    }
    if (optional && !requirements.some((requirement) => requirement.every((scheme) => outcomes.has(scheme)))) return null;
    if (!pending) return decide(outcomes as Map<SchemeDefinition, Outcome>);
    return Promise.all([...outcomes].map(async ([scheme, outcome]) => [scheme, await outcome] as const)).then((settled) => decide(new Map(settled)));
  };
}
