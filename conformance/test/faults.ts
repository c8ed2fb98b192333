/**
 * The broken targets of the self-tests: each breaks one half of one requirement's statement, narrowly
 * enough that every other requirement still holds (or, where a requirement cannot be exercised at all
 * once this one is broken, it is listed as `unprovable`).
 */
import { randomUUID } from 'node:crypto';
import type { Fault, ProxiedRequest, ProxiedResponse } from './broken-proxy.js';
import {
  anonymous,
  answer,
  challengeFaults,
  json,
  keyInfoFaults,
  malformedCredentialFaults,
  rateLimitFaults,
  refuser,
  reviveKeys,
  robustnessFaults,
  setJson,
  tokenFaults,
  unissuedKeysNotFound,
} from './fault-kit.js';
import { surface } from './self-test-setup.js';

const GENERATE = /^\/key\/generate\/([^/?]+)/;
const KEY_INFO = /^\/key\/info\/([^/?]+)/;
const REVOKE = /^\/key\/revoke\/([^/?]+)/;
const ALLOWLIST = /^\/ipAddress\/([^/?]+)/;
const INVOICES = /^\/merchants\/([^/?]+)\/invoices$/;
const MERCHANT_PATH = /^\/merchants\/([^/?]+)\//;

const refuse = await refuser('iterapay');
/** The mock's problem detail, which says why it refused. */
const detail = (response: ProxiedResponse): string => String(json(response)?.detail ?? '');

/** Remembers each key generate issued, with its merchant. */
function rememberKeys(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  const merchant = GENERATE.exec(request.path)?.[1];
  const key = merchant && response.status === 200 ? (json(response)?.key as string | undefined) : undefined;
  if (!key) return;
  state.set(`merchant-of:${key}`, merchant);
  state.set(`current:${merchant}`, key);
}

/** Tracks which keys were replaced and revoked. */
function trackFates(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  const generated = GENERATE.exec(request.path)?.[1];
  if (generated && response.status === 200) {
    const previous = state.get(`current:${generated}`) as string | undefined;
    if (previous && state.get(`fate:${previous}`) === undefined) state.set(`fate:${previous}`, 'replaced');
  }
  rememberKeys(request, response, state);
  const revoked = REVOKE.exec(request.path)?.[1];
  const current = revoked && (state.get(`current:${revoked}`) as string | undefined);
  if (current && response.status === 204) state.set(`fate:${current}`, 'revoked');
}

/** Tracks whether the mock holds an allowlist (set and cleared with success). */
function trackAllowlist(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  if (request.path.startsWith('/__admin/reset')) state.delete('allowlisted');
  if (ALLOWLIST.test(request.path) && request.method !== 'GET' && response.status === 204) state.set('allowlisted', request.method === 'POST');
}

/** Refuses, with 403, what the mock let a Bearer token do on `where` while an allowlist stands. */
function refuseBearerWhileAllowlisted(where: (request: ProxiedRequest) => boolean): NonNullable<Fault['response']> {
  return (request, response, state) => {
    trackAllowlist(request, response, state);
    if (state.get('allowlisted') && request.headers.authorization && where(request) && response.status < 300) Object.assign(response, refuse('ip_forbidden', request));
  };
}

/**
 * Answers a state-changing call with 204 and changes nothing: the mock authorizes it as the GET of
 * `readPath` (the same credential rules apply), and a 200 there becomes the 204.
 */
function acknowledgeOnly(method: string, pattern: RegExp, readPath: (path: string) => string): Pick<Fault, 'request' | 'response'> {
  return {
    request(request) {
      if (request.method !== method || !pattern.test(request.path)) return;
      request.method = 'GET';
      request.path = readPath(request.path);
      request.body = '';
      request.headers['x-fault'] = 'acknowledge-only';
    },
    response(request, response) {
      if (request.headers['x-fault'] === 'acknowledge-only' && response.status === 200) Object.assign(response, { status: 204, headers: {}, body: '' });
    },
  };
}

const ALL_LIFECYCLE_BUT_FULL_ONCE = [
  'AUTH-WRONG-KIND',
  'AUTH-OTHER-MERCHANT',
  'AUTH-IP-BEARER-UNAFFECTED',
  'KEY-FORMAT',
  'KEY-SINGLE-ACTIVE',
  'KEY-REVOKE-ANSWER',
  'KEY-REVOKED-REJECTED',
  'KEY-INFO-FIELDS',
  'KEY-LAST-USED',
  'AUTH-IP-ALLOWLIST',
  'RATE-LIMIT-ENFORCED',
  'RATE-LIMIT-RETRY-AFTER',
  'RATE-LIMIT-PER-KEY',
  'RATE-LIMIT-RECOVERY',
];

export const faults = {
  // KEY-FULL-ONCE
  'returns the key from generate under another name': {
    breaks: 'KEY-FULL-ONCE',
    unprovable: ALL_LIFECYCLE_BUT_FULL_ONCE,
    response(request, response) {
      if (GENERATE.test(request.path) && response.status === 200) setJson(response, { apiKey: json(response).key });
    },
  },
  'shows the key in key info': {
    breaks: 'KEY-FULL-ONCE',
    response(request, response, state) {
      rememberKeys(request, response, state);
      const merchant = KEY_INFO.exec(request.path)?.[1];
      if (merchant && response.status === 200) setJson(response, { ...json(response), key: state.get(`current:${merchant}`) });
    },
  },
  'shows the key in the merchant list': {
    breaks: 'KEY-FULL-ONCE',
    response(request, response) {
      const key = request.headers['x-api-key'];
      if (request.method === 'GET' && request.path === '/merchants' && key && response.status === 200) setJson(response, json(response).map((merchant: object) => ({ ...merchant, apiKey: key })));
    },
  },
  // KEY-FORMAT
  'issues keys in another format': {
    breaks: 'KEY-FORMAT',
    request(request) {
      const key = request.headers['x-api-key'];
      if (key?.startsWith('ipa_live_')) request.headers['x-api-key'] = `iterapay_live_${key.slice(9)}`;
    },
    response(request, response, state) {
      rememberKeys(request, response, state);
      if (GENERATE.test(request.path) && response.status === 200) setJson(response, { key: `ipa_live_${json(response).key.slice(14)}` });
      const current = state.get(`current:${KEY_INFO.exec(request.path)?.[1]}`) as string | undefined;
      if (current && response.status === 200) setJson(response, { ...json(response), prefix: `ipa_live_${current.slice(14)}`.slice(0, 17) });
    },
  },
  'issues the first key again on every generate': {
    breaks: 'KEY-FORMAT',
    // No key is ever replaced by a distinct one.
    unprovable: ['KEY-SINGLE-ACTIVE'],
    request(request, state) {
      const key = request.headers['x-api-key'];
      const real = key && (state.get(`real:${key}`) as string | undefined);
      if (real) request.headers['x-api-key'] = real;
    },
    response(request, response, state) {
      const generated = GENERATE.exec(request.path)?.[1];
      if (generated && response.status === 200) {
        const first = (state.get(`first:${generated}`) as string | undefined) ?? json(response).key;
        state.set(`first:${generated}`, first);
        state.set(`real:${first}`, json(response).key);
        setJson(response, { key: first });
      }
      const infoFor = KEY_INFO.exec(request.path)?.[1];
      const first = infoFor && (state.get(`first:${infoFor}`) as string | undefined);
      if (first && response.status === 200) setJson(response, { ...json(response), prefix: first.slice(0, 17) });
    },
  },
  // KEY-SINGLE-ACTIVE
  'keeps replaced keys alive': { breaks: 'KEY-SINGLE-ACTIVE', request: reviveKeys('replaced', false), response: trackFates },
  'lets a replaced key back in after its first refusal': { breaks: 'KEY-SINGLE-ACTIVE', request: reviveKeys('replaced', true), response: trackFates },
  'keeps replaced keys alive on transaction lists': {
    breaks: 'KEY-SINGLE-ACTIVE',
    request: (request, state) => (request.path.endsWith('/transactions/list') ? reviveKeys('replaced', false)!(request, state) : undefined),
    response: trackFates,
  },
  // KEY-REVOKE-ANSWER
  'answers revoke with 200 and a body': {
    breaks: 'KEY-REVOKE-ANSWER',
    response(request, response) {
      if (request.method === 'DELETE' && REVOKE.test(request.path) && response.status === 204) Object.assign(response, answer(200, { revoked: true }));
    },
  },
  'answers revoke with 202': {
    breaks: 'KEY-REVOKE-ANSWER',
    response(request, response) {
      if (request.method === 'DELETE' && REVOKE.test(request.path) && response.status === 204) response.status = 202;
    },
  },
  // KEY-REVOKED-REJECTED
  'answers revoke and keeps the key': { breaks: 'KEY-REVOKED-REJECTED', ...acknowledgeOnly('DELETE', REVOKE, (path) => path.replace('/key/revoke/', '/key/info/')) },
  'lets a revoked key back in after its first refusal': { breaks: 'KEY-REVOKED-REJECTED', request: reviveKeys('revoked', true), response: trackFates },
  ...keyInfoFaults((request) => KEY_INFO.test(request.path), 'prefix'),
  // AUTH-MISSING
  'lists merchants to anonymous callers': {
    breaks: 'AUTH-MISSING',
    request: (request) => (request.method === 'GET' && request.path === '/merchants' && anonymous(request) ? answer(200, []) : undefined),
  },
  'creates withdrawals for anonymous callers': {
    breaks: 'AUTH-MISSING',
    request: (request) =>
      request.method === 'POST' && /\/withdrawals$/.test(request.path) && anonymous(request)
        ? answer(201, { id: randomUUID(), address: 'x', amount: '1', paymentMethodID: 1, state: 'pending', createdAt: new Date().toISOString(), txHash: null })
        : undefined,
  },
  ...malformedCredentialFaults(surface, refuse),
  // AUTH-UNKNOWN-KEY
  'answers keys it never issued with 404': unissuedKeysNotFound(surface, refuse, (request) => GENERATE.test(request.path)),
  // AUTH-WRONG-KIND
  'answers API keys on Bearer operations with 401': {
    breaks: 'AUTH-WRONG-KIND',
    response(request, response) {
      if (response.status === 403 && request.headers['x-api-key'] && /is not accepted/.test(detail(response))) Object.assign(response, refuse('credential_invalid', request));
    },
  },
  'answers Bearer tokens on API-key operations with 401': {
    breaks: 'AUTH-WRONG-KIND',
    response(request, response) {
      if (response.status === 403 && request.headers.authorization && /is not accepted/.test(detail(response))) Object.assign(response, refuse('credential_invalid', request));
    },
  },
  'lets API keys create merchants': {
    breaks: 'AUTH-WRONG-KIND',
    response(request, response) {
      if (request.method === 'POST' && request.path === '/merchants' && request.headers['x-api-key'] && response.status === 403) Object.assign(response, answer(201, { id: randomUUID() }));
    },
  },
  // AUTH-OTHER-MERCHANT
  "lets keys reach other merchants' invoices": {
    breaks: 'AUTH-OTHER-MERCHANT',
    request(request, state) {
      const key = request.headers['x-api-key'];
      const own = key && (state.get(`merchant-of:${key}`) as string | undefined);
      const named = INVOICES.exec(request.path)?.[1];
      if (own && named && own !== named) request.path = request.path.replace(named, own);
    },
    response: rememberKeys,
  },
  "checks the merchant of a key everywhere but on transaction lists": {
    breaks: 'AUTH-OTHER-MERCHANT',
    request(request, state) {
      const key = request.headers['x-api-key'];
      const own = key && (state.get(`merchant-of:${key}`) as string | undefined);
      const named = MERCHANT_PATH.exec(request.path)?.[1];
      if (own && named && own !== named && request.path.endsWith('/transactions/list')) request.path = request.path.replace(named, own);
    },
    response: rememberKeys,
  },
  "lets tokens act on other accounts' merchants": {
    breaks: 'AUTH-OTHER-MERCHANT',
    response(_request, response) {
      if (response.status === 403 && /has no access to merchant/.test(detail(response))) Object.assign(response, answer(200, {}));
    },
  },
  // AUTH-IP-ALLOWLIST
  'acknowledges the allowlist and ignores it': { breaks: 'AUTH-IP-ALLOWLIST', ...acknowledgeOnly('POST', ALLOWLIST, (path) => path) },
  'lets keys outside the allowlist create invoices': {
    breaks: 'AUTH-IP-ALLOWLIST',
    response(request, response) {
      if (request.method === 'POST' && INVOICES.test(request.path) && response.status === 403 && /IP allowlist/.test(detail(response))) Object.assign(response, answer(201, { id: randomUUID() }));
    },
  },
  'keeps the key locked out after the allowlist is cleared': {
    breaks: 'AUTH-IP-ALLOWLIST',
    request(request, state) {
      if (request.path.startsWith('/__admin/reset')) for (const name of [...state.keys()]) if (/^(set|locked):/.test(name)) state.delete(name);
      const key = request.headers['x-api-key'];
      const owner = key && (state.get(`merchant-of:${key}`) as string | undefined);
      if (owner && state.get(`locked:${owner}`) && state.get(`fate:${key}`) === undefined) return refuse('ip_forbidden', request);
    },
    response(request, response, state) {
      trackFates(request, response, state);
      const merchant = ALLOWLIST.exec(request.path)?.[1];
      if (!merchant || response.status !== 204) return;
      if (request.method === 'POST') state.set(`set:${merchant}`, true);
      if (request.method === 'DELETE' && state.get(`set:${merchant}`)) state.set(`locked:${merchant}`, true);
    },
  },
  // AUTH-IP-BEARER-UNAFFECTED
  'applies the allowlist to Bearer reads of key info': {
    breaks: 'AUTH-IP-BEARER-UNAFFECTED',
    response: refuseBearerWhileAllowlisted((request) => KEY_INFO.test(request.path)),
  },
  'applies the allowlist to Bearer withdrawals': {
    breaks: 'AUTH-IP-BEARER-UNAFFECTED',
    response: refuseBearerWhileAllowlisted((request) => /\/withdrawals$/.test(request.path) && request.headers['x-api-key'] === undefined),
  },
  ...challengeFaults,
  // ERROR-DIALECT
  'answers errors as plain JSON': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      if (response.headers['content-type']?.startsWith('application/problem+json')) response.headers['content-type'] = 'application/json';
    },
  },
  'answers 404 and 405 in plain text': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      if (response.status === 404 || response.status === 405) Object.assign(response, { headers: { ...response.headers, 'content-type': 'text/plain' }, body: 'Not Found' });
    },
  },
  'types every 403 problem about:blank': {
    breaks: 'ERROR-DIALECT',
    response(_request, response) {
      if (response.status === 403) setJson(response, { ...json(response), type: 'about:blank' });
    },
  },
  ...tokenFaults,
  // RATE-LIMIT-*
  'refuses the 11th invoice list of a key': {
    breaks: 'RATE-LIMIT-ENFORCED',
    request(request, state) {
      const key = request.headers['x-api-key'];
      if (!key || request.method !== 'GET' || !INVOICES.test(request.path)) return;
      const count = ((state.get(`count:${key}`) as number | undefined) ?? 0) + 1;
      state.set(`count:${key}`, count);
      if (count === 11) return refuse('rate_limited', request, { retryAfterSeconds: 60 });
    },
  },
  ...rateLimitFaults(refuse, (request) => INVOICES.test(request.path), { status: 200, body: { data: [], total: 0, page: 1, limit: 20 } }),
  ...robustnessFaults,
} satisfies Record<string, Fault>;

/** Not a fault: serves the key, allowlist and payment operations but not the merchant list or merchant creation. */
export const servesASubset: Fault = {
  breaks: '',
  request: (request) => (request.path === '/merchants' ? refuse('route_not_found', request) : undefined),
};
