import type { Profile, SchemeDefinition } from '../mock-server/index.js';
import type { ExchangeEvent } from './pact-verifier-worker.js';

const CREDENTIAL_NOUN: Record<SchemeDefinition['credential'], string> = { jwt: 'a Bearer token', 'merchant-key': 'an API key' };
const CREDENTIAL_ADJECTIVE: Record<SchemeDefinition['credential'], string> = { jwt: 'Bearer', 'merchant-key': 'API-key' };

function presented(scheme: SchemeDefinition, exchange: ExchangeEvent): boolean {
  return scheme.location.kind === 'bearer'
    ? exchange.authorizationScheme?.toLowerCase() === 'bearer'
    : exchange.headerNames.includes(scheme.location.header.toLowerCase());
}

function templateMatches(template: string, path: string): boolean {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

/**
 * Says, from the profile, what credential a request carried and what its operation accepts:
 * `to an API key on a Bearer-only operation (POST /key/generate/{merchantID})`.
 */
export function describeExchange(profile: Profile, exchange: ExchangeEvent): string {
  const sent = profile.schemes.filter((scheme) => presented(scheme, exchange));
  const credential = sent.length === 0 ? 'no credential' : sent.map((scheme) => CREDENTIAL_NOUN[scheme.credential]).join(' and ');
  const path = exchange.path.split('?')[0]!;
  const operation = profile.operations.find((candidate) => candidate.method === exchange.method.toLowerCase() && templateMatches(candidate.path, path));
  if (!operation) return `to ${credential} on ${exchange.method} ${path}, which the profile does not document`;
  const byName = new Map(profile.schemes.map((scheme) => [scheme.name, scheme]));
  const accepted = operation.security.filter((requirement) => requirement.length > 0);
  let kind: string;
  if (accepted.length < operation.security.length || accepted.length === 0) kind = 'an operation that needs no credential';
  else {
    const alternatives = accepted.map((requirement) => requirement.map((name) => CREDENTIAL_ADJECTIVE[byName.get(name)!.credential]).join('+'));
    kind = alternatives.length === 1 ? `a ${alternatives[0]}-only operation` : `an operation that takes ${alternatives.join(' or ')} credentials`;
  }
  return `to ${credential} on ${kind.replace(/^a API/, 'an API')} (${exchange.method} ${operation.path})`;
}
