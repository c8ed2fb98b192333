import { AuthproofError } from '../errors.js';
import { requireActiveAccount } from '../accounts.js';
import { verifyPassword } from '../password.js';
import { findUserByEmail } from '../state.js';
import { iso, requireTokens, type Action } from './action.js';

/** Compared against when the email is unknown, so both failures take the same time. */
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/**
 * `auth.login` (mock-only): email and password for a Bearer JWT. With `loginAttempts`, an account (by
 * email, known or not) that failed too often in the window gets 429 before its password is checked.
 * @see shared/seeds/000_76daade9c3345efb.txt — "a JSON Web Token (JWT) issued when you log in".
 */
export const login: Action = async (context) => {
  const { email, password } = context.body as { email: string; password: string };
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
  const issued = await requireTokens(context).issue(user.id);
  return { body: { token: issued.token, expiresAt: iso(issued.expiresAt) } };
};

/** `auth.jwks` (mock-only): the public keys that verify Bearer tokens. */
export const jwks: Action = async (context) => ({ body: await requireTokens(context).jwks() });
