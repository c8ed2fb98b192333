import { AuthproofError } from '../errors.js';
import { requireActiveAccount } from '../accounts.js';
import { verifyPassword } from '../password.js';
import { findUserByEmail, type UserRecord } from '../state.js';
import { iso, requireTokens, type Action, type ActionContext } from './action.js';

/** Compared against when the email is unknown, so both failures take the same time. */
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * Checks an account's email and password. With `loginAttempts`, an account (by email, known or not) that
 * failed too often in the window gets 429 before its password is checked.
 * @throws {AuthproofError} `rate_limited`, `login_failed` (wrong email or password, deleted account),
 *   `account_suspended`.
 */
async function checkPassword(context: ActionContext, email: string, password: string): Promise<UserRecord> {
  const account = email.toLowerCase();
  const { loginThrottle: throttle, now } = context;
  const wait = throttle?.begin(account, now) ?? null;
  if (wait !== null) {
    const { limit, windowSeconds } = throttle!.policy;
    throw new AuthproofError('rate_limited', `Too many failed logins for this account (${limit} per ${windowSeconds} s)`, { retryAfterSeconds: wait });
  }
  const user = findUserByEmail(context.state, email);
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || user.status === 'deleted' || !matches) throw new AuthproofError('login_failed');
  requireActiveAccount(user);
  throttle?.forgive(account, now);
  return user;
}

/**
 * `auth.login` (mock-only): email and password for a Bearer JWT.
 * @see shared/seeds/000_76daade9c3345efb.txt — "a JSON Web Token (JWT) issued when you log in".
 */
export const login: Action = async (context) => {
  const { email, password } = context.body as { email: string; password: string };
  const user = await checkPassword(context, email, password);
  const issued = await requireTokens(context).issue(user.id);
  return { body: { token: issued.token, expiresAt: iso(issued.expiresAt) } };
};

/**
 * `auth.token`: the OAuth2 resource-owner password grant — `grant_type=password`, `username` (the email),
 * `password` and an optional space-separated `scope` (each one the JWT scheme grants; default all of them)
 * — answered with `{token_type: "Bearer", expires_in, access_token}` and `Cache-Control: no-store`.
 * @throws {AuthproofError} `grant_unsupported` for another grant type, `scope_invalid` for a scope the
 *   scheme does not grant, and what a login throws.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 * @see shared/providers.md §3.5 — the password grant's form fields, `expires_in`, `no-store`.
 */
export const issueToken: Action = async (context) => {
  const tokens = requireTokens(context);
  const { grant_type: grantType, username, password, scope } = context.body as Record<string, string | undefined>;
  if (grantType !== 'password') throw new AuthproofError('grant_unsupported', `The grant type ${String(grantType)} is not supported: use password`);
  const requested = scope?.split(' ').filter(Boolean);
  const unknown = requested?.find((name) => !(tokens.grantable ?? []).includes(name));
  if (unknown !== undefined) throw new AuthproofError('scope_invalid', `The scope ${unknown} is not one this server grants`);
  const user = await checkPassword(context, username ?? '', password ?? '');
  const issued = await tokens.issue(user.id, requested === undefined ? {} : { scopes: requested });
  return {
    body: { token_type: 'Bearer', expires_in: Math.round((issued.expiresAt - context.now) / 1000), access_token: issued.token },
    headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
  };
};

/** `auth.jwks` (mock-only): the public keys that verify Bearer tokens. */
export const jwks: Action = async (context) => ({ body: await requireTokens(context).jwks() });
