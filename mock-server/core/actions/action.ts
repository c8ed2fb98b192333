import type { KeyFormat } from '../api-key.js';
import type { LoginThrottle } from '../login-throttle.js';
import type { Principal } from '../principal.js';
import type { RandomSource } from '../random.js';
import type { State, Tenant } from '../state.js';
import type { GeneratePolicy } from '../key-lifecycle.js';
import type { TokenService } from '../tokens.js';

/** The options an operation's `x-authproof-action` carries besides its name. */
export interface ActionOptions {
  /** Body or response field that holds the value (allowlist actions). */
  field?: string;
  /** Resource collection (resource actions). */
  collection?: string;
  /** Path parameter holding the resource id (`resource.get`). */
  idParam?: string;
  /** The `merchant-key` schemes a `key.*` action acts on; default every one of the profile. */
  schemes?: string[];
  /** Server-set fields of a new resource (`resource.create`). */
  defaults?: Record<string, unknown>;
  /** `page` → `{data, total, page, limit}`; `none` → a bare array (`resource.list`). */
  pagination?: 'page' | 'none';
}

/** Everything an action may read. Time, randomness and signing are injected. */
export interface ActionContext {
  state: State;
  now: number;
  /** Null on operations without security. */
  principal: Principal | null;
  /** The merchant named by the operation's `x-authproof-merchant-param`, already authorized. */
  merchantId: string | null;
  /** Whose data the operation acts on: that merchant, or the caller's account (`x-authproof-tenant: me`). */
  tenant: Tenant | null;
  /**
   * The environment the operation acts in: the one its `x-authproof-environment-param` names, else that of
   * the caller's key; null where there is none (records of every environment are then visible).
   */
  environment: string | null;
  /** Path parameters, decoded and validated; shared between requests for the same target, so read-only. */
  params: Readonly<Record<string, string>>;
  /** Query parameters after coercion and defaults from the spec; shared like `params`. */
  query: Readonly<Record<string, unknown>>;
  /** The validated JSON body, or undefined. */
  body: unknown;
  options: ActionOptions;
  random: RandomSource;
  /** Null when the profile has no `jwt` scheme. */
  tokens: TokenService | null;
  /** Null when the profile sets no `loginAttempts`. */
  loginThrottle: LoginThrottle | null;
  /** The API-key schemes the operation's `key.*` action acts on (its `schemes` option, else all of the profile's). */
  keySchemes: readonly KeySchemeContext[];
}

/** A `merchant-key` scheme as the key actions and fixtures need it. */
export interface KeySchemeContext {
  name: string;
  format: KeyFormat;
  generate: GeneratePolicy;
  /** The scheme's rate limit in force (null: none, or limiting off). */
  rateLimit: number | null;
}

/**
 * What an action returns: the next state (if it changed) and the response body before it is projected
 * onto the operation's response schema. The status is the operation's documented success status.
 */
export interface ActionResult {
  state?: State;
  body?: unknown;
  /** Headers the answer carries besides the content type (an OAuth2 token's `Cache-Control: no-store`). */
  headers?: Record<string, string>;
}

/** One operation behaviour, named in the spec by `x-authproof-action`. */
export type Action = (context: ActionContext) => ActionResult | Promise<ActionResult>;

/** ISO 8601 form of an epoch-milliseconds timestamp. */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** The context's tenant; the operation must declare `x-authproof-merchant-param` or `x-authproof-tenant`. */
export function requireTenant(context: ActionContext): Tenant {
  if (context.tenant === null) throw new Error('this action needs x-authproof-merchant-param or x-authproof-tenant on its operation');
  return context.tenant;
}

/** The context's merchant id; the operation must declare `x-authproof-merchant-param`. */
export function requireMerchant(context: ActionContext): string {
  if (context.merchantId === null) throw new Error('this action needs x-authproof-merchant-param on its operation');
  return context.merchantId;
}

/** A required action option; the profile compiler checks them, so a miss is a programming error. */
export function requireOption<K extends keyof ActionOptions>(context: ActionContext, name: K): NonNullable<ActionOptions[K]> {
  const value = context.options[name];
  if (value === undefined || value === null) throw new Error(`this action needs the option ${name}`);
  return value as NonNullable<ActionOptions[K]>;
}

/** The token service; the profile compiler only allows auth actions in profiles with a `jwt` scheme. */
export function requireTokens(context: ActionContext): TokenService {
  if (!context.tokens) throw new Error('this action needs a securitySchemes entry with x-authproof-credential: jwt');
  return context.tokens;
}
