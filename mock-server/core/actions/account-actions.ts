import { AuthproofError } from '../errors.js';
import { userOf } from '../state.js';
import { requireTenant, type Action } from './action.js';

/**
 * `account.me`: the caller's own account (`x-authproof-tenant: me`) — `id`, `email`, `status`; the response
 * schema keeps the ones it documents.
 * @see shared/providers.md §3.5 — `/api/me` returns the authenticated user.
 */
export const showAccount: Action = (context) => {
  const tenant = requireTenant(context);
  const user = tenant.kind === 'account' ? userOf(context.state, tenant.id) : undefined;
  if (!user) throw new AuthproofError('not_found', 'This operation shows an account, and the caller has none');
  return { body: { id: user.id, email: user.email, status: user.status } };
};
