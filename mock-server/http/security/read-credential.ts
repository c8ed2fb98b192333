import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialLocation } from '../../profile/profile.js';

/** The credential text a request carries for one scheme. */
export type PresentedCredential = { value: string } | { malformed: string };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function readBearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/**
 * Reads a scheme's credential from the headers; undefined when the request carries none for it.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (b64token syntax of the Bearer header)
 */
export function readCredential(location: CredentialLocation, headers: IncomingHttpHeaders): PresentedCredential | undefined {
  if (location.kind === 'bearer') {
    const header = headers.authorization;
    if (header === undefined) return undefined;
    const token = readBearerToken(header);
    return token === undefined ? { malformed: "The Authorization header must be 'Bearer <token>'" } : { value: token };
  }
  const raw = headers[location.header.toLowerCase()];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw.trim();
  return value === '' ? { malformed: `The ${location.header} header is empty` } : { value };
}

/** How the credential is named in error details: `a Bearer token`, `an API key (X-Api-Key)`. */
export function describeLocation(location: CredentialLocation, credential: 'jwt' | 'merchant-key'): string {
  const what = credential === 'jwt' ? 'token' : 'API key';
  return location.kind === 'bearer' ? `a Bearer ${what}` : `an ${what} (${location.header})`;
}
