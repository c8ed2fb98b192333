import { AuthproofError } from './errors.js';
import { findUserByEmail, merchantOf, userOf, type AccountStatus, type Balance, type State, type UserRecord } from './state.js';

/** A user to add; the password is already hashed. */
export interface NewUser {
  id: string;
  email: string;
  passwordHash: string;
  /** Default `active`. */
  status?: AccountStatus;
}

/** A merchant to add, owned by an existing user. */
export interface NewMerchant {
  id: string;
  name: string;
  ownerId: string;
  balances?: Balance[];
  allowlist?: string | null;
}

/** Adds a user. @throws {AuthproofError} `conflict` when the id or the email is taken. */
export function addUser(state: State, user: NewUser): State {
  if (userOf(state, user.id)) throw new AuthproofError('conflict', `User ${user.id} already exists`);
  if (findUserByEmail(state, user.email)) throw new AuthproofError('conflict', `A user with email ${user.email} already exists`);
  return { ...state, users: { ...state.users, [user.id]: { ...user, status: user.status ?? 'active' } } };
}

/**
 * Suspends, deletes or reactivates an account.
 * @throws {AuthproofError} `not_found` when there is no such user.
 */
export function setAccountStatus(state: State, userId: string, status: AccountStatus): State {
  const user = userOf(state, userId);
  if (!user) throw new AuthproofError('not_found', `User ${userId} does not exist`);
  return { ...state, users: { ...state.users, [userId]: { ...user, status } } };
}

/**
 * Refuses a credential whose account is not active: a deleted one (`account_deleted`) or a suspended one
 * (`account_suspended`).
 * @see shared/seeds/004_4c7136efad9427a9.txt — 400 "Account not found" (the user tied to the key was deleted),
 *   400 "Your account is inactive. Please contact support" (business or user suspended).
 */
export function requireActiveAccount(user: UserRecord): void {
  if (user.status === 'deleted') throw new AuthproofError('account_deleted');
  if (user.status === 'suspended') throw new AuthproofError('account_suspended');
}

/**
 * Adds a merchant without an API key or allowlist entry unless given.
 * @throws {AuthproofError} `conflict` when the id is taken, `not_found` when the owner is not a user.
 */
export function addMerchant(state: State, merchant: NewMerchant): State {
  if (merchantOf(state, merchant.id)) throw new AuthproofError('conflict', `Merchant ${merchant.id} already exists`);
  if (!userOf(state, merchant.ownerId)) throw new AuthproofError('not_found', `User ${merchant.ownerId} does not exist`);
  const record = {
    id: merchant.id,
    name: merchant.name,
    ownerId: merchant.ownerId,
    balances: merchant.balances ?? [],
    allowlist: merchant.allowlist ?? null,
  };
  return { ...state, merchants: { ...state.merchants, [merchant.id]: record } };
}
