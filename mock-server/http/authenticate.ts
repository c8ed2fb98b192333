import type { IncomingHttpHeaders } from 'node:http';
import { AuthproofError, isCredentialFailure } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition, SchemeDefinition } from '../profile/profile.js';
import { credentialHandlers } from './security/credential-handlers.js';
import { credentialReader, describeLocation, type CredentialReader, type PresentedCredential } from './security/read-credential.js';
import type { MaybePromise } from '../core/maybe-promise.js';

/** Authenticates one request for one operation; see {@link createAuthenticator}. */
export type Authenticator = (headers: IncomingHttpHeaders) => MaybePromise<Admission | null>;

/** Who authenticated, and the permissions (OpenAPI scopes) the requirement they satisfied asks of their credential. */
export interface Admission {
  principal: Principal;
  permissions: readonly string[];
}

/** What checking one presented credential gave: who it belongs to, or why it is refused. */
type Outcome = Principal | AuthproofError;

function describe(scheme: SchemeDefinition): string {
  return describeLocation(scheme.location, scheme.credential);
}

function failed(error: unknown, scheme: SchemeDefinition): AuthproofError {
  if (!(error instanceof AuthproofError)) throw error;
  return new AuthproofError(error.code, error.message, { ...error.meta, scheme: scheme.name });
}

/** Checks one presented credential; API keys are checked synchronously, JWTs asynchronously. */
function settle(scheme: SchemeDefinition, presented: PresentedCredential, runtime: MockRuntime): MaybePromise<Outcome> {
  if (typeof presented !== 'string') return new AuthproofError('credential_malformed', presented.malformed, { scheme: scheme.name });
  try {
    const principal = credentialHandlers[scheme.credential].verify(presented, scheme, runtime);
    return principal instanceof Promise ? principal.catch((error: unknown) => failed(error, scheme)) : principal;
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

/** Whether the credential a scheme read is that scheme's to judge; see {@link claimsOf}. */
type Claim = (credential: PresentedCredential, headers: IncomingHttpHeaders) => boolean;

/**
 * Where several schemes read the same header (an admin key and an OAuth JWT both in `Authorization:
 * Bearer`; a secret and a public key both raw in `Authorization`), a presented value belongs to the scheme
 * whose shape it has — its key prefix, or a JWT's three segments — judged on the value each scheme reads
 * (a raw JWT is no Bearer token); a value of no scheme's shape is judged by each scheme that reads it, and
 * a header a scheme cannot read at all (no `Bearer`) is judged by that scheme too. A header read by one
 * scheme is that scheme's: its claim is null.
 * @returns the claim of each scheme, in the order of `schemes`.
 */
function claimsOf(schemes: readonly SchemeDefinition[], readers: readonly CredentialReader[]): Array<Claim | null> {
  return schemes.map((scheme) => {
    const rivals = schemes.flatMap((rival, index) => (headerOf(rival) === headerOf(scheme) ? [{ rival, read: readers[index]! }] : []));
    if (rivals.length === 1) return null;
    return (credential, headers) => {
      if (typeof credential !== 'string') return true;
      const readable = rivals.flatMap(({ rival, read }) => {
        const value = rival === scheme ? credential : read(headers);
        return typeof value === 'string' ? [{ rival, value }] : [];
      });
      return hasShapeOf(scheme, credential) || !readable.some(({ rival, value }) => hasShapeOf(rival, value));
    };
  });
}

/** One requirement of the operation's `security`: the schemes it names (by index), and the permissions asked of the first one's credential. */
interface Requirement {
  indices: readonly number[];
  permissions: readonly string[];
}

/** Whether every credential the requirement names was presented. */
function presentedAll(requirement: Requirement, outcomes: ReadonlyArray<unknown>): boolean {
  for (const index of requirement.indices) if (outcomes[index] === undefined) return false;
  return true;
}

/** The first refusal among the outcomes of the requirement's credentials, if any. */
function firstRefusal(requirement: Requirement, outcomes: ReadonlyArray<Outcome | undefined>): AuthproofError | undefined {
  for (const index of requirement.indices) {
    const outcome = outcomes[index];
    if (outcome instanceof AuthproofError) return outcome;
  }
  return undefined;
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
  const indexOf = (name: string): number => schemes.findIndex((scheme) => scheme.name === name);
  // An empty requirement ({}) makes the credential optional: checked when sent, not required.
  const optional = operation.security.some((requirement) => requirement.length === 0);
  const requirements: Requirement[] = operation.security
    .map((names, index) => ({ indices: names.map(indexOf), permissions: (names[0] === undefined ? undefined : operation.scopes[index]?.[names[0]]) ?? [] }))
    .filter((requirement) => requirement.indices.length > 0);
  if (requirements.length === 0) return () => null;
  const accepted = new Set(requirements.flatMap((requirement) => requirement.indices));
  const others = schemes.flatMap((_scheme, index) => (accepted.has(index) ? [] : [index]));
  const wanted = [...accepted].map((index) => describe(schemes[index]!)).join(' or ');
  const missing = `${wanted.charAt(0).toUpperCase()}${wanted.slice(1)} is required`;

  function decide(outcomes: ReadonlyArray<Outcome | undefined>): Admission {
    let failure: AuthproofError | undefined;
    for (const requirement of requirements) {
      if (!presentedAll(requirement, outcomes)) continue;
      const refused = firstRefusal(requirement, outcomes);
      if (refused === undefined) return { principal: outcomes[requirement.indices[0]!] as Principal, permissions: requirement.permissions };
      failure ??= refused;
    }
    if (failure) throw failure;
    for (const index of others) {
      const outcome = outcomes[index];
      if (outcome === undefined) continue;
      if (!(outcome instanceof AuthproofError)) {
        const scheme = schemes[index]!;
        throw new AuthproofError('wrong_credential_kind', `This operation requires ${wanted}; ${describe(scheme)} is not accepted`, { scheme: scheme.name });
      }
      if (isCredentialFailure(outcome.code)) failure ??= outcome;
    }
    throw failure ?? new AuthproofError('credential_missing', missing);
  }

  const readers = schemes.map((scheme) => credentialReader(scheme.location));
  const claims = claimsOf(schemes, readers);
  return (headers) => {
    // By scheme index; a scheme whose credential was not presented has none.
    const outcomes: Array<MaybePromise<Outcome> | undefined> = new Array(schemes.length);
    let pending = false;
    for (let index = 0; index < schemes.length; index += 1) {
      const credential = readers[index]!(headers);
      if (credential === undefined || (claims[index] !== null && !claims[index]!(credential, headers))) continue;
      const outcome = settle(schemes[index]!, credential, runtime);
      pending ||= outcome instanceof Promise;
      outcomes[index] = outcome;
    }
    if (optional && !requirements.some((requirement) => presentedAll(requirement, outcomes))) return null;
    if (!pending) return decide(outcomes as Array<Outcome | undefined>);
    return Promise.all(outcomes).then(decide);
  };
}
