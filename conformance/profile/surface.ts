/** How a scheme's credential travels. */
export type SchemeLocation = { kind: 'bearer' } | { kind: 'header'; header: string };

/** A security scheme of the profile that carries an authproof credential. */
export interface SurfaceScheme {
  name: string;
  /** `x-authproof-credential`. */
  credential: 'jwt' | 'merchant-key';
  location: SchemeLocation;
  /** `x-authproof-key-format` (merchant keys). */
  keyFormat?: {
    prefix: string;
    length: number;
    alphabet: string;
    displayPrefixLength: number;
    environments?: Record<string, string>;
    mask?: { separator: string; character: string; count: number };
  };
  /** `x-authproof-jwt` (JWTs). */
  jwt?: { algorithm: string; issuer: string; lifetimeSeconds: number };
  /** `x-authproof-ip-allowlist: merchant` (the suite proves the merchant's allowlist). */
  ipAllowlist: boolean;
  /** `x-authproof-ip-allowlist: key`: each key's own address list. */
  keyAddressLists: boolean;
  /** `x-authproof-rate-limit`. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** `x-authproof-codes`: what failures of this scheme's credential get. */
  codes: CodeMap;
}

/** One operation of the profile, as the suite calls it. */
export interface SurfaceOperation {
  operationId: string;
  /** Upper-case HTTP method. */
  method: string;
  /** OpenAPI path template. */
  path: string;
  /** `security`: OR across entries, AND within one; `[]` or an empty entry means no credential needed. */
  security: string[][];
  /** Every scheme the operation accepts (flattened), empty when it needs none. */
  accepts: SurfaceScheme[];
  /** Every OpenAPI scope its security requirements name (permissions the credential must hold). */
  scopes: string[];
  /** `x-authproof-action` name and options. */
  action: string;
  actionOptions: Record<string, unknown>;
  /** `x-authproof-merchant-param`, if any. */
  merchantParam?: string;
  /** `x-authproof-tenant: me`: the operation acts on the caller's own account. */
  tenantIsCaller: boolean;
  /** Path parameters other than the merchant, each with a sample value. */
  otherPathParams: Record<string, string>;
  mockOnly: boolean;
  /** `x-authproof-error-dialect`, when the operation's errors are not in the profile's dialect. */
  errorDialect?: DialectName;
  /** The documented 2xx status. */
  successStatus: number;
  /** The members the 2xx JSON body documents at its top level (empty when it has none). */
  responseFields: string[];
  /** A valid request body built from the schema's required properties and examples, if the operation takes one. */
  body?: unknown;
}

/** The failures of a credential that is sent but not valid. */
export type CredentialFailure =
  | 'credential_malformed'
  | 'credential_invalid'
  | 'credential_expired'
  | 'credential_not_yet_valid'
  | 'credential_revoked'
  | 'credential_replaced';

/**
 * The status a failure gets, from the profile's code catalogue (spec/README.md "Credential rules"). Where
 * a credential is involved, its scheme's `x-authproof-codes` may say otherwise than the document.
 */
export interface CredentialRules {
  missing: number;
  /** A credential of `scheme` that fails with `failure` (default `credential_invalid`). */
  invalid(scheme: SurfaceScheme, failure?: CredentialFailure): number;
  /** A valid credential of `presented`'s scheme on an operation that does not take it. */
  wrongKind(presented: SurfaceScheme): number;
  forbidden: number;
  rateLimited: number;
}

/** The error dialects a profile can name. */
export type DialectName = 'problem-json' | 'nest' | 'laravel' | 'oauth2' | 'envelope';

/** One entry of a code catalogue (`x-authproof-errors.codes`, `x-authproof-codes`). */
export interface CodeEntry {
  status?: number;
  message?: string;
  /** The provider's own code. */
  code?: string;
  /** `laravel`: the member that carries the message. */
  field?: 'message' | 'error';
  hint?: string;
}

/** Failure code (`credential_invalid`, …) → what the profile says about it. */
export type CodeMap = Record<string, CodeEntry>;

/** `x-authproof-errors`. */
export interface ErrorDialectSpec {
  dialect: DialectName;
  problems: Record<string, { type: string; title: string }>;
  codes: CodeMap;
}

/**
 * What the suite knows of a profile, read from its annotated OpenAPI document: the operations, the
 * schemes, the error dialect and the rules. Everything a check does is drawn from it.
 */
export interface Surface {
  /** `x-authproof-profile.id`. */
  profile: string;
  title: string;
  /** The document's path and the SHA-256 of its bytes. */
  source: string;
  sha256: string;
  schemes: SurfaceScheme[];
  operations: SurfaceOperation[];
  errors: ErrorDialectSpec;
  rules: CredentialRules;
  assumptions: Array<{ id: string; decision: string; why: string }>;
}

/**
 * What the profile declares that no requirement of the catalogue proves yet, in words — so that a
 * certificate never reads as covering it.
 */
export function unprovenDeclarations(surface: Surface): string[] {
  const unproven = surface.schemes.filter((scheme) => scheme.keyAddressLists).map((scheme) => `per-key IP address lists (x-authproof-ip-allowlist: key on ${scheme.name})`);
  const scoped = surface.operations.filter((operation) => operation.scopes.length > 0);
  if (scoped.length > 0) unproven.push(`permissions (OpenAPI scopes) on ${scoped.map((operation) => operation.operationId).join(', ')}`);
  return unproven;
}

/**
 * Why the suite cannot drive the profile's key lifecycle (the checks that generate, replace and revoke
 * "the" key): several key schemes, or keys that belong to environments; null when it can.
 */
export function keyLifecycleLimit(surface: Surface): string | null {
  const keySchemes = surface.schemes.filter((scheme) => scheme.credential === 'merchant-key');
  if (keySchemes.length > 1) return `the profile has ${keySchemes.length} key schemes (${keySchemes.map((scheme) => scheme.name).join(', ')}); this version of the suite drives the lifecycle of one`;
  if (keySchemes[0]?.keyFormat?.environments !== undefined) return "the profile's keys belong to environments; this version of the suite does not drive per-environment keys";
  return null;
}

/** The profile's (first) merchant-key scheme, if any. */
export const keyScheme = (surface: Surface): SurfaceScheme | undefined => surface.schemes.find((scheme) => scheme.credential === 'merchant-key');

/** The profile's JWT scheme, if any. */
export const jwtScheme = (surface: Surface): SurfaceScheme | undefined => surface.schemes.find((scheme) => scheme.credential === 'jwt');

/** True when the operation needs a credential. */
export const needsCredential = (operation: SurfaceOperation): boolean =>
  operation.security.length > 0 && operation.security.every((requirement) => requirement.length > 0);

/** True when the operation accepts a credential of this kind. */
export const accepts = (operation: SurfaceOperation, credential: SurfaceScheme['credential']): boolean =>
  operation.accepts.some((scheme) => scheme.credential === credential);

/** The first operation with this action, if any. */
export const operationFor = (operations: readonly SurfaceOperation[], action: string): SurfaceOperation | undefined =>
  operations.find((operation) => operation.action === action);

/** The request headers that carry `value` in `scheme`'s place. */
export function credentialHeaders(scheme: SurfaceScheme, value: string): Record<string, string> {
  return scheme.location.kind === 'bearer' ? { authorization: `Bearer ${value}` } : { [scheme.location.header.toLowerCase()]: value };
}

/** The request line of `operation` for `merchant` (other path parameters take their sample values). */
export function requestPath(operation: SurfaceOperation, merchant?: string): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) =>
    encodeURIComponent(name === operation.merchantParam ? (merchant ?? '') : (operation.otherPathParams[name] ?? name)),
  );
}

/** `METHOD /path/template` — how reports name an operation. */
export const describeOperation = (operation: SurfaceOperation): string => `${operation.operationId} (${operation.method} ${operation.path})`;

/** The regular expression of a merchant-key scheme's key format. */
export function keyPatternOf(scheme: SurfaceScheme): RegExp {
  const format = scheme.keyFormat!;
  const escape = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  return new RegExp(`^${escape(format.prefix)}[${escape(format.alphabet)}]{${format.length}}$`);
}
