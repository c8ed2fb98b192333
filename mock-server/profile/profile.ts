import type { KeyFormat } from '../core/api-key.js';
import type { ErrorCatalogue } from '../core/error-catalogue.js';
import type { GeneratePolicy } from '../core/key-lifecycle.js';
import type { ActionName, ActionOptions } from '../core/actions/index.js';
import type { RateLimitPolicy } from '../core/rate-limiter.js';
import type { JwtPolicy } from '../core/tokens.js';

/** Where a scheme's credential travels, from the OpenAPI security scheme object. */
/** `header` keeps the spelling of the OpenAPI document (`X-Api-Key`). */
export type CredentialLocation = { kind: 'bearer' } | { kind: 'header'; header: string };

/** One `components.securitySchemes` entry with its `x-authproof-*` annotations. */
export interface SchemeDefinition {
  name: string;
  /** `x-authproof-credential`. */
  credential: 'jwt' | 'merchant-key';
  location: CredentialLocation;
  /** `x-authproof-jwt` (credential `jwt`). */
  jwt: JwtPolicy | null;
  /** `x-authproof-key-format` (credential `merchant-key`). */
  keyFormat: KeyFormat | null;
  /** `x-authproof-key-slot` (credential `merchant-key`): does generate replace the tenant's key, or add one? */
  generate: GeneratePolicy;
  /**
   * `x-authproof-ip-allowlist`: the client addresses a credential may come from — the merchant's allowlist
   * (one IPv4 address or CIDR range), or the key's own list (exact matches); null: any.
   */
  ipAllowlist: 'merchant' | 'key' | null;
  /** `x-authproof-rate-limit`: per-credential rolling window. */
  rateLimit: RateLimitPolicy | null;
}

/** A path or query parameter of an operation. */
export interface ParameterDefinition {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: unknown;
}

/** One operation of the profile, ready to serve. */
export interface OperationDefinition {
  operationId: string;
  /** Lower-case HTTP method. */
  method: string;
  /** OpenAPI path template, e.g. `/key/info/{merchantID}`. */
  path: string;
  /** OR across entries, AND within one; an empty entry or list means no credential is needed. */
  security: string[][];
  /** Per entry of `security`, the OpenAPI scopes each scheme's credential must hold as permissions. */
  scopes: Array<Record<string, string[]>>;
  /** `x-authproof-merchant-param`. */
  merchantParam: string | null;
  /** `x-authproof-tenant: me`: the operation acts on the caller's own account. */
  tenantIsCaller: boolean;
  /** `x-authproof-environment-param`: the path parameter naming the environment the operation acts in. */
  environmentParam: string | null;
  /** `x-authproof-action`. */
  action: { name: ActionName; options: ActionOptions };
  /** `x-authproof-mock-only`. */
  mockOnly: boolean;
  /** `x-authproof-error-dialect`: the dialect of this operation's errors, when not the profile's. */
  errorDialect: DialectName | null;
  successStatus: number;
  /** JSON Pointer to the success body schema, or null for an empty body. */
  successSchema: string | null;
  /**
   * The request body: JSON, or a form (`application/x-www-form-urlencoded`, an OAuth2 token endpoint), and
   * the JSON Pointer to its schema; null when the operation takes no body.
   */
  requestBody: { required: boolean; media: 'json' | 'form'; schema: string } | null;
  parameters: ParameterDefinition[];
}

/** The error dialects the mock renders (`x-authproof-errors.dialect`, `x-authproof-error-dialect`). */
export type DialectName = 'problem-json' | 'nest' | 'laravel' | 'oauth2' | 'envelope';

/** `x-authproof-errors` with every scheme's `x-authproof-codes`, compiled. */
export interface ErrorDialect {
  dialect: DialectName;
  /** `problem-json`: the `type` and `title` per status. */
  problems: Readonly<Record<string, { type: string; title: string }>>;
  /** Status, message and provider code of each failure. */
  catalogue: ErrorCatalogue;
}

/** An annotated OpenAPI document compiled into what the mock serves. */
export interface Profile {
  id: string;
  title: string;
  /** The file it was read from. */
  source: string;
  /** The parsed OpenAPI document. */
  document: Record<string, unknown>;
  schemes: SchemeDefinition[];
  operations: OperationDefinition[];
  errors: ErrorDialect;
}

/** The profile's single `jwt` scheme, if any. */
export function jwtScheme(profile: Profile): SchemeDefinition | undefined {
  return profile.schemes.find((scheme) => scheme.credential === 'jwt');
}
