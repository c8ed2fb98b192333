/**
 * CertoPay's broken targets: each breaks one half of one of the profile's requirements, narrowly enough
 * that every other requirement still holds (or is listed as `unprovable` where it cannot be exercised at
 * all). CertoPay's key belongs to the account (the owner is the Bearer token's `sub`; a request names its
 * key by value), regenerate replaces it at once, and errors are NestJS bodies with CertoPay's codes.
 */
import { resolveCode } from '../profile/resolve-code.js';
import { jwtScheme, keyScheme, type Surface } from '../profile/surface.js';
import type { Fault, ProxiedRequest, ProxiedResponse } from './broken-proxy.js';
import {
  anonymous,
  answer,
  bearerOf,
  challengeFaults,
  decode,
  json,
  keyInfoFaults,
  malformedCredentialFaults,
  rateLimitFaults,
  refuser,
  reviveKeys,
  robustnessFaults,
  segments,
  setJson,
  tokenFaults,
  unissuedKeysNotFound,
} from './fault-kit.js';
import { selfTestProfile } from './self-test-setup.js';

const surface: Surface = selfTestProfile('certopay').surface;
const refuse = await refuser('certopay');
const KEY_SCHEME = keyScheme(surface)!.name;
/** What the mock says to a valid Bearer token on a payment operation. */
const WRONG_KIND_MESSAGE = resolveCode(surface.errors, 'wrong_credential_kind', jwtScheme(surface)).message;

const PAYMENTS = '/api/payment-gateway/process';
const isRegenerate = (request: ProxiedRequest): boolean => request.method === 'POST' && request.path === '/api/api-keys/me/regenerate';
const isInfo = (request: ProxiedRequest): boolean => request.method === 'GET' && request.path === '/api/api-keys/me';
const isManagement = (request: ProxiedRequest): boolean => request.path.startsWith('/api/api-keys/me');
const isCustomerList = (request: ProxiedRequest): boolean => request.method === 'GET' && request.path === '/api/customers';
/** The account a Bearer request acts for: its token's subject. */
const ownerOf = (request: ProxiedRequest): string | undefined => {
  const token = bearerOf(request);
  return token === undefined ? undefined : (decode(segments(token)[1]).sub as string | undefined);
};

/**
 * Follows each account's key: `current:<account>`, and for a key regenerate replaced, `fate:<key>`
 * `replaced` and `previous:<its successor>`. A reset leaves every account without a key.
 */
function trackKeys(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  if (request.path.startsWith('/__admin/reset')) for (const name of [...state.keys()]) if (name.startsWith('current:')) state.delete(name);
  const owner = ownerOf(request);
  const key: unknown = isRegenerate(request) && response.status === 200 ? json(response)?.key : undefined;
  if (owner === undefined || typeof key !== 'string') return;
  const previous = state.get(`current:${owner}`) as string | undefined;
  if (previous) {
    state.set(`fate:${previous}`, 'replaced');
    state.set(`previous:${key}`, previous);
  }
  state.set(`current:${owner}`, key);
}

/** Rewrites a 200 key info answer. */
const rewriteInfo =
  (change: (info: any) => unknown): NonNullable<Fault['response']> =>
  (request, response) => {
    if (isInfo(request) && response.status === 200) setJson(response, change(json(response)));
  };

/** Answers a 404 on `read` (a record by id) with a record `create` made, whoever made it. */
function servesAnyAccountsRecords(create: string, read: RegExp): Fault {
  return {
    breaks: 'RESOURCE-OTHER-ACCOUNT',
    response(request, response, state) {
      if (request.method === 'POST' && request.path === create && response.status === 201) state.set(`record:${String(json(response)?.id)}`, response.body);
      const id = request.method === 'GET' ? read.exec(request.path)?.[1] : undefined;
      const record = id === undefined ? undefined : (state.get(`record:${id}`) as string | undefined);
      if (record !== undefined && response.status === 404) Object.assign(response, { status: 200, headers: { 'content-type': 'application/json' }, body: record });
    },
  };
}

/** Every requirement a run proves only with a key in hand. */
const ALL_THAT_NEED_A_KEY = [
  'KEY-FORMAT',
  'KEY-SINGLE-ACTIVE',
  'KEY-INFO-FIELDS',
  'KEY-LAST-USED',
  'AUTH-WRONG-KIND',
  'RESOURCE-OTHER-ACCOUNT',
  'RATE-LIMIT-ENFORCED',
  'RATE-LIMIT-RETRY-AFTER',
  'RATE-LIMIT-PER-KEY',
  'RATE-LIMIT-RECOVERY',
];

export const certopayFaults = {
  // KEY-FULL-ONCE
  'returns the key from regenerate under another name': {
    breaks: 'KEY-FULL-ONCE',
    unprovable: ALL_THAT_NEED_A_KEY,
    response(request, response) {
      if (!isRegenerate(request) || response.status !== 200) return;
      const { key, ...rest } = json(response);
      setJson(response, { ...rest, apiKey: key });
    },
  },
  'shows the key in key info': {
    breaks: 'KEY-FULL-ONCE',
    response(request, response, state) {
      trackKeys(request, response, state);
      const key = state.get(`current:${ownerOf(request)}`);
      if (isInfo(request) && response.status === 200 && key) setJson(response, { ...json(response), key });
    },
  },
  'shows the key in customer lists': {
    breaks: 'KEY-FULL-ONCE',
    response(request, response) {
      const key = request.headers['x-api-key'];
      if (isCustomerList(request) && key && response.status === 200) setJson(response, json(response).map((customer: object) => ({ ...customer, apiKey: key })));
    },
  },
  // KEY-FORMAT
  'issues keys in another format': {
    breaks: 'KEY-FORMAT',
    request(request) {
      const key = request.headers['x-api-key'];
      if (key?.startsWith('sk_test_')) request.headers['x-api-key'] = `sk_live_${key.slice(8)}`;
    },
    response(request, response) {
      if ((isRegenerate(request) || isInfo(request)) && response.status === 200) response.body = response.body.replaceAll('sk_live_', 'sk_test_');
    },
  },
  'issues the first key again on every regenerate': {
    breaks: 'KEY-FORMAT',
    // No key is ever replaced by a distinct one.
    unprovable: ['KEY-SINGLE-ACTIVE'],
    request(request, state) {
      const real = state.get(`real:${request.headers['x-api-key']}`) as string | undefined;
      if (real) request.headers['x-api-key'] = real;
    },
    response(request, response, state) {
      const owner = ownerOf(request);
      if (owner === undefined || response.status !== 200) return;
      if (isRegenerate(request)) {
        const issued = json(response).key as string;
        const first = (state.get(`first:${owner}`) as string | undefined) ?? issued;
        state.set(`first:${owner}`, first);
        state.set(`real:${first}`, issued);
      }
      const first = state.get(`first:${owner}`) as string | undefined;
      const real = first && (state.get(`real:${first}`) as string);
      if (first && real && (isRegenerate(request) || isInfo(request))) response.body = response.body.replaceAll(real, first).replaceAll(real.slice(0, 16), first.slice(0, 16));
    },
  },
  // KEY-SINGLE-ACTIVE
  'keeps replaced keys alive': { breaks: 'KEY-SINGLE-ACTIVE', request: reviveKeys('replaced', false), response: trackKeys },
  'lets a replaced key back in after its first refusal': { breaks: 'KEY-SINGLE-ACTIVE', request: reviveKeys('replaced', true), response: trackKeys },
  'refuses a regenerated key on customer lists': {
    breaks: 'KEY-SINGLE-ACTIVE',
    request(request, state) {
      const previous = state.get(`previous:${request.headers['x-api-key']}`) as string | undefined;
      if (previous && isCustomerList(request)) request.headers['x-api-key'] = previous;
    },
    response: trackKeys,
  },
  // KEY-INFO-FIELDS and KEY-LAST-USED
  ...keyInfoFaults(isInfo, 'keyPrefix'),
  'masks the key with eight bullets': { breaks: 'KEY-INFO-FIELDS', response: rewriteInfo((info) => ({ ...info, maskedKey: info.maskedKey.replace('••', '') })) },
  'shows the active key as inactive': { breaks: 'KEY-INFO-FIELDS', response: rewriteInfo((info) => ({ ...info, active: false })) },
  'shows another rate limit than it enforces': { breaks: 'KEY-INFO-FIELDS', response: rewriteInfo((info) => ({ ...info, rateLimit: 1000 })) },
  // AUTH-MISSING
  'lists customers to anonymous callers': {
    breaks: 'AUTH-MISSING',
    request: (request) => (isCustomerList(request) && anonymous(request) ? answer(200, []) : undefined),
  },
  'shows key info to anonymous callers': {
    breaks: 'AUTH-MISSING',
    request: (request) => (isInfo(request) && anonymous(request) ? answer(200, {}) : undefined),
  },
  // AUTH-MALFORMED
  ...malformedCredentialFaults(surface, refuse),
  // AUTH-UNKNOWN-KEY
  'answers keys it never issued with 404': unissuedKeysNotFound(surface, refuse, isRegenerate),
  // AUTH-WRONG-KIND
  'answers API keys on key management with 401 invalid_api_key': {
    breaks: 'AUTH-WRONG-KIND',
    response(request, response) {
      if (isManagement(request) && request.headers['x-api-key'] && !request.headers.authorization && response.status === 403) Object.assign(response, refuse('credential_invalid', request, { scheme: KEY_SCHEME }));
    },
  },
  'answers Bearer tokens on payment operations with 403 insufficient_permissions': {
    breaks: 'AUTH-WRONG-KIND',
    response(request, response) {
      if (request.headers.authorization && !request.headers['x-api-key'] && response.status === 401 && json(response)?.message === WRONG_KIND_MESSAGE) {
        Object.assign(response, refuse('wrong_credential_kind', request, { scheme: KEY_SCHEME }));
      }
    },
  },
  // AUTH-CHALLENGE
  ...challengeFaults,
  // ERROR-DIALECT
  'answers errors as application/problem+json': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      if (response.status >= 400 && response.status < 500 && response.headers['content-type']?.startsWith('application/json')) response.headers['content-type'] = 'application/problem+json';
    },
  },
  'gives every error the reason phrase "Bad Request"': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      const body = response.status >= 400 ? json(response) : undefined;
      if (body?.statusCode !== undefined) setJson(response, { ...body, error: 'Bad Request' });
    },
  },
  'codes every 403 invalid_api_key': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      if (response.status === 403) setJson(response, { ...json(response), code: 'invalid_api_key' });
    },
  },
  'codes an expired token invalid_api_key, not expired_token': {
    breaks: 'ERROR-DIALECT',
    response(request, response) {
      const token = bearerOf(request);
      const claims = token ? decode(segments(token)[1]) : {};
      if (response.status === 401 && typeof claims.exp === 'number' && claims.exp <= claims.iat) setJson(response, { ...json(response), code: 'invalid_api_key' });
    },
  },
  // JWT-*
  ...tokenFaults,
  // RATE-LIMIT-*
  'refuses the 11th payment of a key': {
    breaks: 'RATE-LIMIT-ENFORCED',
    response(request, response, state) {
      const key = request.headers['x-api-key'];
      if (!key || request.path !== PAYMENTS || response.status !== 201) return;
      const count = ((state.get(`count:${key}`) as number | undefined) ?? 0) + 1;
      state.set(`count:${key}`, count);
      if (count === 11) Object.assign(response, refuse('rate_limited', request, { retryAfterSeconds: 60 }));
    },
  },
  ...rateLimitFaults(refuse, (request) => request.path === PAYMENTS, { status: 201, body: {} }),
  // RESOURCE-OTHER-ACCOUNT
  "serves another account's order by id": servesAnyAccountsRecords('/api/orders', /^\/api\/orders\/([^/?]+)$/),
  "serves another account's transaction by id": servesAnyAccountsRecords(PAYMENTS, /^\/api\/payment-gateway\/transaction\/([^/?]+)$/),
  // ROBUST-NO-5XX
  ...robustnessFaults,
} satisfies Record<string, Fault>;
