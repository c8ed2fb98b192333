import type { Coverage } from './coverage.js';
import { accepts, operationFor, type SurfaceOperation } from './profile/surface.js';

/** The served operations of a profile, grouped by what the lifecycle commands do with them. */
export interface OperationSets {
  generate?: SurfaceOperation;
  info?: SurfaceOperation;
  revoke?: SurfaceOperation;
  setAllowlist?: SurfaceOperation;
  clearAllowlist?: SurfaceOperation;
  /** Operations that take the API key: a live key must work on each, a replaced or revoked one on none. */
  keyOperations: SurfaceOperation[];
  /** Operations that take the Bearer token, besides those with a command of their own (generate, revoke, allowlist). */
  bearerOperations: SurfaceOperation[];
  /** Operations that take exactly one kind of credential: the other kind is the wrong kind there. */
  singleKindOperations: SurfaceOperation[];
  /** Operations that act on a merchant named in the path. */
  merchantOperations: SurfaceOperation[];
  /** Pairs of an API-key operation that creates a record of the caller's account and one that reads it by id. */
  accountRecords: Array<{ create: SurfaceOperation; read: SurfaceOperation }>;
}

const OWN_COMMAND = new Set(['key.generate', 'key.revoke', 'allowlist.set', 'allowlist.clear']);

/** Groups the operations the target serves. */
export function operationSets(coverage: Coverage): OperationSets {
  const served = coverage.served;
  return {
    generate: operationFor(served, 'key.generate'),
    info: operationFor(served, 'key.info'),
    revoke: operationFor(served, 'key.revoke'),
    setAllowlist: operationFor(served, 'allowlist.set'),
    clearAllowlist: operationFor(served, 'allowlist.clear'),
    keyOperations: served.filter((operation) => accepts(operation, 'merchant-key')),
    bearerOperations: served.filter((operation) => accepts(operation, 'jwt') && !OWN_COMMAND.has(operation.action)),
    singleKindOperations: served.filter((operation) => accepts(operation, 'jwt') !== accepts(operation, 'merchant-key')),
    merchantOperations: served.filter((operation) => operation.merchantParam !== undefined),
    accountRecords: served
      .filter((operation) => operation.action === 'resource.create' && operation.tenantIsCaller && accepts(operation, 'merchant-key'))
      .flatMap((create) => {
        const read = served.find((operation) => operation.action === 'resource.get' && operation.tenantIsCaller && operation.actionOptions.collection === create.actionOptions.collection && accepts(operation, 'merchant-key'));
        return read ? [{ create, read }] : [];
      }),
  };
}
