/**
 * What the deliberately broken targets of every profile share: reading and rewriting an exchange's JSON,
 * answering in the profile's error dialect, following the genuine tokens and keys the mock issued, and
 * the faults that break a requirement the same way whatever the profile.
 */
import { AuthproofError, loadProfile, type ErrorCode } from '../../mock-server/index.js';
import type { ErrorMeta } from '../../mock-server/core/errors.js';
import { renderError } from '../../mock-server/http/render-error.js';
import { keyPatternOf, keyScheme, type Surface } from '../profile/surface.js';
import type { Fault, ProxiedRequest, ProxiedResponse } from './broken-proxy.js';

/** The response's JSON body, or undefined. */
export const json = (response: ProxiedResponse): any => {
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
};
export const setJson = (response: ProxiedResponse, value: unknown): void => {
  response.body = JSON.stringify(value);
};
/** A JSON answer the proxy gives itself. */
export const answer = (status: number, body: unknown): ProxiedResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** No credential header at all (an empty one is a credential, malformed). */
export const anonymous = (request: ProxiedRequest): boolean => request.headers.authorization === undefined && request.headers['x-api-key'] === undefined;

/** Answers a failure in the profile's dialect. `meta.scheme` selects the scheme's codes; a 401 carries a challenge. */
export type Refuse = (code: ErrorCode, request: ProxiedRequest, meta?: ErrorMeta) => ProxiedResponse;

/** A {@link Refuse} that writes each failure as the profile's mock does: the catalogue's status, message and code, the dialect's body. */
export async function refuser(profile: string): Promise<Refuse> {
  const { errors } = await loadProfile(profile);
  return (code, request, meta) => {
    const rendered = renderError(errors, new AuthproofError(code, undefined, meta), {
      path: request.path.split('?')[0]!,
      method: request.method,
      now: Date.now(),
      challenges: ['Bearer realm="broken"'],
    });
    const headers = Object.fromEntries(Object.entries(rendered.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));
    return { status: rendered.status, headers, body: rendered.body };
  };
}

export const segments = (token: string): string[] => token.split('.');
/** A JWT segment's JSON, or `{}`. */
export const decode = (segment: string | undefined): any => {
  try {
    return JSON.parse(Buffer.from(segment ?? '', 'base64url').toString());
  } catch {
    return {};
  }
};
export const bearerOf = (request: ProxiedRequest): string | undefined => /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];

/** Remembers the genuine, currently valid tokens the mock issued (logins and the admin API's). */
export function rememberTokens(request: ProxiedRequest, response: ProxiedResponse, state: Map<string, unknown>): void {
  if ((request.path.startsWith('/__admin/tokens') || request.path.startsWith('/auth/login')) && response.status < 300) {
    const token = json(response)?.token as string | undefined;
    const claims = token ? decode(segments(token)[1]) : {};
    if (token && claims.exp > claims.iat && claims.nbf === undefined) state.set(`token:${claims.sub}`, token);
  }
}
const genuineTokens = (state: Map<string, unknown>): string[] => [...state.entries()].filter(([name]) => name.startsWith('token:')).map(([, token]) => token as string);

/** Sends a genuine token on instead of the one in the request when `when` says so. */
function swapBearer(request: ProxiedRequest, state: Map<string, unknown>, when: (token: string, genuine: string[]) => boolean): void {
  const token = bearerOf(request);
  const genuine = genuineTokens(state);
  if (token !== undefined && genuine.length > 0 && !genuine.includes(token) && when(token, genuine)) request.headers.authorization = `Bearer ${genuine[0]}`;
}

/** Serves a key the profile's tracker marked `fate:<key>` (replaced or revoked), without touching the current key. */
export function reviveKeys(fate: 'replaced' | 'revoked', onlyAfterFirstRefusal: boolean): NonNullable<Fault['request']> {
  return (request, state) => {
    const key = request.headers['x-api-key'];
    if (!key || state.get(`fate:${key}`) !== fate) return;
    if (onlyAfterFirstRefusal && !state.get(`refused:${key}`)) {
      state.set(`refused:${key}`, true);
      return;
    }
    return answer(request.method === 'POST' ? 201 : 200, {});
  };
}

/** Rewrites a 200 key info answer (`isInfo` tells which exchange is one) where `change` returns a new body. */
function rewriteInfo(isInfo: (request: ProxiedRequest) => boolean, change: (info: any, state: Map<string, unknown>) => unknown): NonNullable<Fault['response']> {
  return (request, response, state) => {
    const info = isInfo(request) && response.status === 200 ? json(response) : undefined;
    const changed = info === undefined ? undefined : change(info, state);
    if (changed !== undefined) setJson(response, changed);
  };
}

/** Key info that misstates its dates or the prefix (`prefixField`, as the profile calls it). */
export function keyInfoFaults(isInfo: (request: ProxiedRequest) => boolean, prefixField: string) {
  const rewrite = (change: (info: any, state: Map<string, unknown>) => unknown) => rewriteInfo(isInfo, change);
  return {
    // KEY-INFO-FIELDS
    'calls createdAt "created" in key info': {
      breaks: 'KEY-INFO-FIELDS',
      unprovable: ['KEY-LAST-USED'],
      response: rewrite(({ createdAt, ...rest }) => ({ ...rest, created: createdAt })),
    },
    'shows an unused key as used at its creation': {
      breaks: 'KEY-INFO-FIELDS',
      response: rewrite((info) => (info.lastUsedAt === null ? { ...info, lastUsedAt: info.createdAt } : undefined)),
    },
    'shows 8 characters of the key in key info': { breaks: 'KEY-INFO-FIELDS', response: rewrite((info) => ({ ...info, [prefixField]: info[prefixField].slice(0, 8) })) },
    // KEY-LAST-USED
    'never records key use': { breaks: 'KEY-LAST-USED', response: rewrite((info) => ({ ...info, lastUsedAt: null })) },
    'stamps use with the creation time': {
      breaks: 'KEY-LAST-USED',
      response: rewrite((info) => (info.lastUsedAt !== null ? { ...info, lastUsedAt: info.createdAt } : undefined)),
    },
    'shows the first use instead of the last': {
      breaks: 'KEY-LAST-USED',
      response: rewrite((info, state) => {
        if (info.lastUsedAt === null) return undefined;
        const first = (state.get(`first-use:${info.createdAt}`) as string | undefined) ?? info.lastUsedAt;
        state.set(`first-use:${info.createdAt}`, first);
        return { ...info, lastUsedAt: first };
      }),
    },
    'dates lastUsedAt before createdAt': {
      breaks: 'KEY-LAST-USED',
      response: rewrite((info) => (info.lastUsedAt !== null ? { ...info, lastUsedAt: new Date(Date.parse(info.createdAt) - 86_400_000).toISOString() } : undefined)),
    },
  } satisfies Record<string, Fault>;
}

/** Malformed credentials let in or answered with another status than the profile's. */
export function malformedCredentialFaults(surface: Surface, refuse: Refuse) {
  const scheme = keyScheme(surface)!;
  const header = scheme.location.kind === 'header' ? scheme.location.header.toLowerCase() : 'x-api-key';
  const pattern = keyPatternOf(scheme);
  return {
    'reads a malformed Authorization header as the last good token': {
      breaks: 'AUTH-MALFORMED',
      request(request, state) {
        const value = request.headers.authorization;
        if (value !== undefined && !/^Bearer [\w-]+\.[\w-]+\.[\w-]*$/.test(value)) {
          request.headers.authorization = 'Bearer x.y.z';
          swapBearer(request, state, () => true);
        }
      },
      response: rememberTokens,
    },
    'answers malformed keys with 400': {
      breaks: 'AUTH-MALFORMED',
      request(request) {
        const key = request.headers[header];
        if (key !== undefined && !pattern.test(key) && !request.headers.authorization) return refuse('invalid_request', request);
      },
    },
  } satisfies Record<string, Fault>;
}

/** A well-formed key no generate answer (`isGenerate`) issued is answered 404 instead of the profile's status. */
export function unissuedKeysNotFound(surface: Surface, refuse: Refuse, isGenerate: (request: ProxiedRequest) => boolean): Fault {
  const scheme = keyScheme(surface)!;
  const header = scheme.location.kind === 'header' ? scheme.location.header.toLowerCase() : 'x-api-key';
  const pattern = keyPatternOf(scheme);
  return {
    breaks: 'AUTH-UNKNOWN-KEY',
    request(request, state) {
      const key = request.headers[header];
      if (key && pattern.test(key) && !state.has(`issued:${key}`)) return refuse('not_found', request);
    },
    response(request, response, state) {
      const key = isGenerate(request) && response.status < 300 ? (json(response)?.key as string | undefined) : undefined;
      if (key) state.set(`issued:${key}`, true);
    },
  };
}

/** Forged and stale tokens let in (each swapped for a genuine one on its way to the mock). */
export const tokenFaults = {
  'accepts unsigned tokens (alg none)': {
    breaks: 'JWT-ALG-NONE',
    request: (request, state) => swapBearer(request, state, (token) => /^none$/i.test(String(decode(segments(token)[0]).alg))),
    response: rememberTokens,
  },
  'accepts tokens without a signature': {
    breaks: 'JWT-BAD-SIGNATURE',
    request: (request, state) => swapBearer(request, state, (token) => segments(token).length === 3 && segments(token)[2] === '' && decode(segments(token)[0]).alg === 'ES256'),
    response: rememberTokens,
  },
  'accepts the claims signed with any key': {
    breaks: 'JWT-BAD-SIGNATURE',
    request: (request, state) =>
      swapBearer(request, state, (token, genuine) => {
        const [header, payload, signature] = segments(token);
        return decode(header).alg === 'ES256' && !!signature && genuine.some((real) => segments(real)[1] === payload && segments(real)[2] !== signature);
      }),
    response: rememberTokens,
  },
  'ignores changes to the payload': {
    breaks: 'JWT-TAMPERED',
    request: (request, state) =>
      swapBearer(request, state, (token, genuine) => {
        const [header, payload, signature] = segments(token);
        return genuine.some((real) => segments(real)[0] === header && segments(real)[2] === signature && segments(real)[1] !== payload);
      }),
    response: rememberTokens,
  },
  'accepts HS256 tokens': {
    breaks: 'JWT-WRONG-ALG',
    request: (request, state) => swapBearer(request, state, (token) => decode(segments(token)[0]).alg === 'HS256'),
    response: rememberTokens,
  },
  'ignores exp': {
    breaks: 'JWT-EXPIRED',
    request: (request, state) =>
      swapBearer(request, state, (token) => {
        const claims = decode(segments(token)[1]);
        return typeof claims.exp === 'number' && claims.exp <= claims.iat;
      }),
    response: rememberTokens,
  },
  'ignores nbf': {
    breaks: 'JWT-NOT-YET-VALID',
    request: (request, state) => swapBearer(request, state, (token) => typeof decode(segments(token)[1]).nbf === 'number'),
    response: rememberTokens,
  },
} satisfies Record<string, Fault>;

/** 401s without a challenge. */
export const challengeFaults = {
  'drops the challenge from every 401': {
    breaks: 'AUTH-CHALLENGE',
    response(_request, response) {
      delete response.headers['www-authenticate'];
    },
  },
  'drops the challenge from 401s to API keys': {
    breaks: 'AUTH-CHALLENGE',
    response(request, response) {
      if (request.headers['x-api-key']) delete response.headers['www-authenticate'];
    },
  },
} satisfies Record<string, Fault>;

/**
 * Rate limits that are never enforced (a 429 becomes the `served` answer), that count all keys together
 * (on the requests `where` selects), or that never lift; a Retry-After dropped or beyond the window.
 */
export function rateLimitFaults(refuse: Refuse, where: (request: ProxiedRequest) => boolean, served: { status: number; body: unknown }) {
  return {
    'never rate limits': {
      breaks: 'RATE-LIMIT-ENFORCED',
      unprovable: ['RATE-LIMIT-RETRY-AFTER', 'RATE-LIMIT-PER-KEY', 'RATE-LIMIT-RECOVERY'],
      response(_request, response) {
        if (response.status === 429) Object.assign(response, answer(served.status, served.body));
      },
    },
    'drops Retry-After': {
      breaks: 'RATE-LIMIT-RETRY-AFTER',
      response(_request, response) {
        delete response.headers['retry-after'];
      },
    },
    'asks to retry after an hour': {
      breaks: 'RATE-LIMIT-RETRY-AFTER',
      response(_request, response) {
        if (response.status === 429) response.headers['retry-after'] = '3600';
      },
    },
    'limits all keys together': {
      breaks: 'RATE-LIMIT-PER-KEY',
      request(request, state) {
        if (request.path.startsWith('/__admin/clock/advance') || request.path.startsWith('/__admin/reset')) state.delete('limited');
        if (request.headers['x-api-key'] && state.get('limited') && where(request)) return refuse('rate_limited', request, { retryAfterSeconds: 60 });
      },
      response(_request, response, state) {
        if (response.status === 429) state.set('limited', true);
      },
    },
    'never lifts a limit': {
      breaks: 'RATE-LIMIT-RECOVERY',
      request(request, state) {
        const key = request.headers['x-api-key'];
        if (key && state.get(`limited:${key}`)) return refuse('rate_limited', request, { retryAfterSeconds: 60 });
      },
      response(request, response, state) {
        const key = request.headers['x-api-key'];
        if (key && response.status === 429) state.set(`limited:${key}`, true);
      },
    },
  } satisfies Record<string, Fault>;
}

/** A 5xx to a body that is not JSON, and no answer at all to a large one. */
export const robustnessFaults = {
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
  'never answers bodies over 100 KB': {
    breaks: 'ROBUST-NO-5XX',
    request: (request) => (request.body.length > 100_000 ? 'hang' : undefined),
  },
} satisfies Record<string, Fault>;
