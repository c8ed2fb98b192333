import { addMerchant } from '../accounts.js';
import { AuthproofError } from '../errors.js';
import { randomUuid } from '../random.js';
import type { Action } from './action.js';

/**
 * `merchant.create`: a merchant owned by the calling user.
 * @see shared/providers.md §1.3 — "API keys cannot be used to create new merchants".
 */
export const createMerchant: Action = (context) => {
  const { principal, state } = context;
  if (principal?.kind !== 'user') throw new AuthproofError('wrong_credential_kind', 'Only a user can create a merchant');
  const { name } = context.body as { name: string };
  const id = randomUuid(context.random);
  return { state: addMerchant(state, { id, name, ownerId: principal.userId }), body: { id } };
};

/** `merchant.list`: a user's own merchants, or the one merchant an API key belongs to. */
export const listMerchants: Action = ({ state, principal }) => {
  const merchants = Object.values(state.merchants).filter((merchant) =>
    principal?.kind === 'key' ? principal.owner.kind === 'merchant' && merchant.id === principal.owner.id : merchant.ownerId === principal?.userId,
  );
  return { body: merchants.map(({ id, name, balances }) => ({ id, name, balances })) };
};
