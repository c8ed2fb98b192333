import type { IncomingHttpHeaders } from 'node:http';
import { AuthproofError, isCredentialFailure } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition, SchemeDefinition } from '../profile/profile.js';
import { credentialVerifiers } from './security/credential-verifiers.js';
import { describeLocation, readCredential } from './security/read-credential.js';

function describe(scheme: SchemeDefinition): string {
  return describeLocation(scheme.location, scheme.credential);
}

async function verify(scheme: SchemeDefinition, headers: IncomingHttpHeaders, runtime: MockRuntime): Promise<Principal> {
  const presented = readCredential(scheme.location, headers)!;
  if ('malformed' in presented) throw new AuthproofError('credential_malformed', presented.malformed, { scheme: scheme.name });
  try {
    return await credentialVerifiers[scheme.credential](presented.value, scheme, runtime);
  } catch (error) {
    if (error instanceof AuthproofError) throw new AuthproofError(error.code, error.message, { ...error.meta, scheme: scheme.name });
    throw error;
  }
}

/**
 * Applies the operation's `security` to a request. OR across requirements, AND within one; a requirement
 * is tried when every credential it names is present.
 *
 * - no credential at all → 401 `credential_missing`;
 * - an accepted credential that fails → 401 with its reason (malformed, invalid, expired, revoked, …);
 * - only credentials of kinds the operation does not accept: valid → 403 `wrong_credential_kind`,
 *   invalid → 401.
 *
 * @returns the principal of the first requirement that passes, or null on an operation without security.
 * @see shared/seeds/000_76daade9c3345efb.txt — "This typically means you used an API key for an operation
 *   that requires a Bearer token" (403).
 */
export async function authenticate(
  operation: OperationDefinition,
  headers: IncomingHttpHeaders,
  runtime: MockRuntime,
): Promise<Principal | null> {
  if (operation.security.length === 0 || operation.security.some((requirement) => requirement.length === 0)) return null;
  const schemes = runtime.profile.schemes;
  const byName = (name: string): SchemeDefinition => schemes.find((scheme) => scheme.name === name)!;
  const presented = new Set(schemes.filter((scheme) => readCredential(scheme.location, headers) !== undefined).map((scheme) => scheme.name));

  let failure: AuthproofError | undefined;
  for (const requirement of operation.security) {
    if (!requirement.every((name) => presented.has(name))) continue;
    try {
      const principals = await Promise.all(requirement.map((name) => verify(byName(name), headers, runtime)));
      return principals[0]!;
    } catch (error) {
      if (!(error instanceof AuthproofError)) throw error;
      failure ??= error;
    }
  }
  if (failure) throw failure;

  const accepted = [...new Set(operation.security.flat())].map(byName);
  const wanted = accepted.map(describe).join(' or ');
  for (const scheme of schemes) {
    if (!presented.has(scheme.name) || accepted.includes(scheme)) continue;
    try {
      await verify(scheme, headers, runtime);
    } catch (error) {
      if (error instanceof AuthproofError && isCredentialFailure(error.code)) {
        failure ??= error;
        continue;
      }
      throw error;
    }
    throw new AuthproofError('wrong_credential_kind', `This operation requires ${wanted}; ${describe(scheme)} is not accepted`);
  }
  throw failure ?? new AuthproofError('credential_missing', `${capitalize(wanted)} is required`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
