/** The broken targets of the self-tests, one fault per requirement group, each named after what it gets wrong. */
import type { Fault, ProxiedRequest, ProxiedResponse } from './broken-proxy.js';

const GENERATE = /^\/key\/generate\/([^/?]+)/;
const KEY_INFO = /^\/key\/info\/([^/?]+)/;
const REVOKE = /^\/key\/revoke\/([^/?]+)/;
const ALLOWLIST = /^\/ipAddress\/([^/?]+)/;
const PAYMENT = /^\/merchants\/([^/?]+)\/invoices/;

const json = (response: ProxiedResponse): any => {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
};
const setJson = (response: ProxiedResponse, value: unknown): void => {
  response.body = JSON.stringify(value);
};
const problem = (status: number, detail: string): ProxiedResponse => ({
  status,
  headers: { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer realm="broken"' },
  body: JSON.stringify({ type: 'about:blank', title: 'Error', status, detail, instance: '/' }),
});

/** Remembers every token the mock issued, so a fault can swap a forged one for a genuine one. */
function rememberTokens(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  if ((request.path.startsWith('/__admin/tokens') || request.path.startsWith('/auth/login')) && response.status < 300) {
    const token = json(response)?.token;
    const payload = token && JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    if (token && payload.exp > payload.iat && payload.nbf === undefined) state.set(`token:${payload.sub}`, token);
  }
}

function swapBearer(request: ProxiedRequest, state: Map<string, unknown>, when: (token: string) => boolean): void {
  const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
  let swap = false;
  try {
    swap = token !== undefined && when(token);
  } catch {
    swap = false;
  }
  if (!swap) return;
  const genuine = [...state.entries()].find(([name]) => name.startsWith('token:'))?.[1] as string | undefined;
  if (genuine) request.headers.authorization = `Bearer ${genuine}`;
}

const issued = (state: Map<string, unknown>): Set<string> => {
  if (!state.has('issued')) state.set('issued', new Set<string>());
  return state.get('issued') as Set<string>;
};

export const faults = {
  /** Replaced keys keep working: requests with them are sent on with the merchant's current key. */
  'keeps replaced keys alive': {
    breaks: 'KEY-SINGLE-ACTIVE',
    request(request, state) {
      const key = request.headers['x-api-key'];
      const current = key && (state.get(`current-for:${key}`) as string | undefined);
      if (current) request.headers['x-api-key'] = state.get(current) as string;
    },
    response(request, response, state) {
      const merchant = GENERATE.exec(request.path)?.[1];
      const key = merchant && response.status === 200 ? json(response)?.key : undefined;
      if (!key) return;
      state.set(`current-for:${key}`, `current:${merchant}`);
      state.set(`current:${merchant}`, key);
    },
  },
  /** Revoke answers 204 and does nothing. */
  'ignores revoke': {
    breaks: 'KEY-REVOKED-401',
    request: (request) => (request.method === 'DELETE' && REVOKE.test(request.path) ? { status: 204, headers: {}, body: '' } : undefined),
  },
  /** Revoke answers 200 with a body instead of 204. */
  'revoke answers 200 with a body': {
    breaks: 'KEY-REVOKE-204',
    response(request, response) {
      if (request.method === 'DELETE' && REVOKE.test(request.path) && response.status === 204) {
        response.status = 200;
        response.headers['content-type'] = 'application/json';
        setJson(response, { revoked: true });
      }
    },
  },
  /** Key info shows the whole key. */
  'key info leaks the key': {
    breaks: 'KEY-FULL-ONCE',
    response(request, response, state) {
      const merchant = GENERATE.exec(request.path)?.[1];
      if (merchant && response.status === 200) state.set(merchant, json(response)?.key);
      const infoFor = KEY_INFO.exec(request.path)?.[1];
      if (infoFor && response.status === 200) setJson(response, { ...json(response), key: state.get(infoFor) });
    },
  },
  /** Key info calls createdAt "created". */
  'key info renames createdAt': {
    breaks: 'KEY-INFO-FIELDS',
    response(request, response) {
      if (KEY_INFO.test(request.path) && response.status === 200) {
        const { createdAt, ...rest } = json(response);
        setJson(response, { ...rest, created: createdAt });
      }
    },
  },
  /** lastUsedAt never moves. */
  'never records key use': {
    breaks: 'KEY-LAST-USED',
    response(request, response) {
      if (KEY_INFO.test(request.path) && response.status === 200) setJson(response, { ...json(response), lastUsedAt: null });
    },
  },
  /** A used key's lastUsedAt is its creation time. */
  'stamps use with the creation time': {
    breaks: 'KEY-LAST-USED',
    response(request, response) {
      if (!KEY_INFO.test(request.path) || response.status !== 200) return;
      const info = json(response);
      if (info.lastUsedAt !== null) setJson(response, { ...info, lastUsedAt: info.createdAt });
    },
  },
  /** Keys come out as ipa_live_…, the guide's other format (and are mapped back on the way in). */
  'issues keys in another format': {
    breaks: 'KEY-FORMAT',
    request(request) {
      const key = request.headers['x-api-key'];
      if (key?.startsWith('ipa_live_')) request.headers['x-api-key'] = `iterapay_live_${key.slice(9)}`;
    },
    response(request, response) {
      if (GENERATE.test(request.path) && response.status === 200) setJson(response, { key: `ipa_live_${json(response).key.slice(14)}` });
    },
  },
  /** Every 403 is answered as a 401. */
  'answers 401 where 403 is due': {
    breaks: 'AUTH-WRONG-KIND-403',
    response(_request, response) {
      if (response.status === 403) {
        response.status = 401;
        response.headers['www-authenticate'] = 'Bearer realm="broken"';
        setJson(response, { ...json(response), status: 401 });
      }
    },
  },
  /** A key works on any merchant's path: requests are sent on for the key's own merchant. */
  'lets keys reach other merchants': {
    breaks: 'AUTH-OTHER-MERCHANT-403',
    request(request, state) {
      const key = request.headers['x-api-key'];
      const own = key && (state.get(`merchant-of:${key}`) as string | undefined);
      const target = PAYMENT.exec(request.path)?.[1];
      if (own && target && own !== target) request.path = request.path.replace(target, own);
    },
    response(request, response, state) {
      const merchant = GENERATE.exec(request.path)?.[1];
      if (merchant && response.status === 200) state.set(`merchant-of:${json(response).key}`, merchant);
    },
  },
  /** Setting the allowlist is acknowledged and ignored. */
  'ignores the allowlist': {
    breaks: 'AUTH-IP-ALLOWLIST-403',
    request: (request) => (request.method === 'POST' && ALLOWLIST.test(request.path) ? { status: 204, headers: {}, body: '' } : undefined),
  },
  /** While an allowlist is set, Bearer requests are refused too. */
  'applies the allowlist to Bearer tokens': {
    breaks: 'AUTH-IP-BEARER-UNAFFECTED',
    request(request, state) {
      if (ALLOWLIST.test(request.path)) state.set('allowlisted', request.method === 'POST');
      if (state.get('allowlisted') && KEY_INFO.test(request.path) && request.headers.authorization) return problem(403, 'address not allowed');
    },
  },
  /** A request without any credential to the merchant list gets 200. */
  'serves anonymous requests': {
    breaks: 'AUTH-MISSING-401',
    request: (request) =>
      request.path.startsWith('/merchants') && !request.headers.authorization && !request.headers['x-api-key']
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' }
        : undefined,
  },
  /** A malformed Authorization header is read as the last good token. */
  'accepts malformed Authorization headers': {
    breaks: 'AUTH-MALFORMED-401',
    request(request, state) {
      const header = request.headers.authorization;
      if (header !== undefined && !/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/.test(header)) {
        request.headers.authorization = 'Bearer x.y.z';
        swapBearer(request, state, () => true);
      }
    },
    response: rememberTokens,
  },
  /** A key the target never issued gets 404 instead of 401. */
  'answers 404 for unknown keys': {
    breaks: 'AUTH-UNKNOWN-KEY-401',
    request(request, state) {
      const key = request.headers['x-api-key'];
      if (key && /^iterapay_live_[a-z0-9]{32}$/.test(key) && !issued(state).has(key)) return problem(404, 'no such key');
    },
    response(request, response, state) {
      if (GENERATE.test(request.path) && response.status === 200) issued(state).add(json(response).key);
    },
  },
  /** 401 answers lose their WWW-Authenticate. */
  'drops the 401 challenge': {
    breaks: 'AUTH-CHALLENGE',
    response(_request, response) {
      delete response.headers['www-authenticate'];
    },
  },
  /** Errors are plain application/json. */
  'answers errors as plain JSON': {
    breaks: 'ERROR-PROBLEM-JSON',
    response(_request, response) {
      if (response.headers['content-type']?.startsWith('application/problem+json')) response.headers['content-type'] = 'application/json';
    },
  },
  /** Unsigned tokens are accepted (swapped for a genuine one). */
  'accepts alg none': {
    breaks: 'JWT-ALG-NONE',
    request: (request, state) => swapBearer(request, state, (token) => /^none$/i.test(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg)),
    response: rememberTokens,
  },
  /** Any token that looks like a JWT is accepted, signature or not. */
  'never checks signatures': {
    breaks: 'JWT-BAD-SIGNATURE',
    request: (request, state) => swapBearer(request, state, (token) => token.split('.').length === 3),
    response: rememberTokens,
  },
  /** Expired tokens are accepted. */
  'ignores exp': {
    breaks: 'JWT-EXPIRED',
    request: (request, state) =>
      swapBearer(request, state, (token) => {
        const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString() || '{}');
        return typeof claims.exp === 'number' && claims.exp <= claims.iat;
      }),
    response: rememberTokens,
  },
  /** 429 answers lose their Retry-After. */
  'drops Retry-After': {
    breaks: 'RATE-LIMIT-RETRY-AFTER',
    response(_request, response) {
      delete response.headers['retry-after'];
    },
  },
  /** Nothing is ever rate limited: 429s are replaced by the answer of a fresh key. */
  'never rate limits': {
    breaks: 'RATE-LIMIT-429',
    response(_request, response) {
      if (response.status === 429) {
        response.status = 200;
        response.headers['content-type'] = 'application/json';
        setJson(response, { data: [], total: 0, page: 1, limit: 20 });
      }
    },
  },
  /** Once a key is limited, it stays limited. */
  'never lifts a limit': {
    breaks: 'RATE-LIMIT-RECOVERY',
    request(request, state) {
      const key = request.headers['x-api-key'];
      if (key && state.get(`limited:${key}`)) return { ...problem(429, 'still limited'), headers: { 'content-type': 'application/problem+json', 'retry-after': '60' } };
    },
    response(request, response, state) {
      const key = request.headers['x-api-key'];
      if (key && response.status === 429) state.set(`limited:${key}`, true);
    },
  },
  /** A limited key limits every key. */
  'limits all keys together': {
    breaks: 'RATE-LIMIT-PER-KEY',
    request(request, state) {
      if (request.headers['x-api-key'] && state.get('limited') && PAYMENT.test(request.path)) {
        return { ...problem(429, 'limited'), headers: { 'content-type': 'application/problem+json', 'retry-after': '60' } };
      }
      if (request.path.startsWith('/__admin/clock/advance') || request.path.startsWith('/__admin/reset')) state.delete('limited');
    },
    response(_request, response, state) {
      if (response.status === 429) state.set('limited', true);
    },
  },
  /** A body that is not JSON crashes the handler. */
  'crashes on bodies that are not JSON': {
    breaks: 'ROBUST-NO-5XX',
    request(request) {
      if (request.body === '') return;
      try {
        JSON.parse(request.body);
      } catch {
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'SyntaxError' };
      }
    },
  },
} satisfies Record<string, Fault>;
