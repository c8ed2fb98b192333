import type { Action } from './action.js';
import { showAccount } from './account-actions.js';
import { clearAllowlist, getAllowlist, setAllowlist } from './allowlist-actions.js';
import { issueToken, jwks, login } from './auth-actions.js';
import { generateKey, keyInfo, revokeActiveKey } from './key-actions.js';
import { createMerchant, listMerchants } from './merchant-actions.js';
import { createResource, getResource, listResources } from './resource-actions.js';

export type { Action, ActionContext, ActionOptions, ActionResult } from './action.js';

/**
 * Every behaviour an operation can name in `x-authproof-action`, and the options each one requires.
 * The vocabulary is documented in spec/README.md.
 */
export const actions = {
  'auth.login': { run: login, requires: [] },
  'auth.token': { run: issueToken, requires: [] },
  'auth.jwks': { run: jwks, requires: [] },
  'account.me': { run: showAccount, requires: [] },
  'key.generate': { run: generateKey, requires: [] },
  'key.info': { run: keyInfo, requires: [] },
  'key.revoke': { run: revokeActiveKey, requires: [] },
  'allowlist.set': { run: setAllowlist, requires: ['field'] },
  'allowlist.get': { run: getAllowlist, requires: ['field'] },
  'allowlist.clear': { run: clearAllowlist, requires: [] },
  'merchant.create': { run: createMerchant, requires: [] },
  'merchant.list': { run: listMerchants, requires: [] },
  'resource.create': { run: createResource, requires: ['collection'] },
  'resource.list': { run: listResources, requires: ['collection'] },
  'resource.get': { run: getResource, requires: ['collection', 'idParam'] },
} as const satisfies Record<string, { run: Action; requires: readonly string[] }>;

/** A name `x-authproof-action` accepts. */
export type ActionName = keyof typeof actions;

/** Actions that act on a tenant: a merchant (`x-authproof-merchant-param`) or the caller's account (`x-authproof-tenant: me`). */
export const tenantScopedActions: ReadonlySet<ActionName> = new Set<ActionName>(['account.me', 'key.generate', 'key.info', 'key.revoke', 'resource.create', 'resource.list']);

/** Actions that act on a tenant and need one (the allowlist is a merchant's). */
export const merchantScopedActions: ReadonlySet<ActionName> = new Set<ActionName>([
  'account.me',
  'key.generate',
  'key.info',
  'key.revoke',
  'allowlist.set',
  'allowlist.get',
  'allowlist.clear',
  'resource.create',
  'resource.list',
]);
