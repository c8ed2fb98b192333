import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialLocation } from '../../profile/profile.js';

/** The credential text a request carries for one scheme, or why what it carries cannot be one. */
export type PresentedCredential = string | { malformed: string };

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function readBearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : BEARER.exec(header)?.[1];
}

/** Reads one scheme's credential from a request's headers; undefined when the request carries none for it. */
export type CredentialReader = (headers: IncomingHttpHeaders) => PresentedCredential | undefined;

/**
 * The {@link CredentialReader} of a credential location.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (b64token syntax of the Bearer header)
 */
export function credentialReader(location: CredentialLocation): CredentialReader {
  if (location.kind === 'bearer') {
    const notBearer = { malformed: "The Authorization header must be 'Bearer <token>'" };
    return (headers) => {
      const header = headers.authorization;
      if (header === undefined) return undefined;
      return readBearerToken(header) ?? notBearer;
    };
  }
  // Node gives header names in lower case.
  const name = location.header.toLowerCase();
  const empty = { malformed: `The ${location.header} header is empty` };
  return (headers) => {
    const raw = headers[name];
    if (raw === undefined) return undefined;
    const value = Array.isArray(raw) ? raw.join(',') : raw.trim();
    return value === '' ? empty : value;
  };
}

/** How the credential is named in error details: `a Bearer token`, `an API key (X-Api-Key)`. */
export function describeLocation(location: CredentialLocation, credential: 'jwt' | 'merchant-key'): string {
  const what = credential === 'jwt' ? 'token' : 'API key';
  return location.kind === 'bearer' ? `a Bearer ${what}` : `an ${what} (${location.header})`;
}
