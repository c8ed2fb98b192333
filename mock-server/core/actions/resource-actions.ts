import { AuthproofError } from '../errors.js';
import { randomUuid } from '../random.js';
import { appendResources, type ResourceRecord } from '../state.js';
import { iso, requireMerchant, requireOption, type Action } from './action.js';

/** Records are never mutated (a change makes a new record), so each one's view is built once. */
const views = new WeakMap<ResourceRecord, Record<string, unknown>>();

function view(record: ResourceRecord): Record<string, unknown> {
  let built = views.get(record);
  if (!built) {
    built = { ...record.fields, id: record.id, createdAt: iso(record.createdAt) };
    views.set(record, built);
  }
  return built;
}

/** A merchant's records are replaced, never changed in place, so each array's orderings are built once. */
const orderings = new WeakMap<readonly ResourceRecord[], { asc?: ResourceRecord[]; desc?: ResourceRecord[] }>();

function byCreation(records: readonly ResourceRecord[], order: 'asc' | 'desc'): ResourceRecord[] {
  let cached = orderings.get(records);
  if (!cached) {
    cached = {};
    orderings.set(records, cached);
  }
  const direction = order === 'asc' ? 1 : -1;
  return (cached[order] ??= [...records].sort((a, b) => direction * (a.createdAt - b.createdAt)));
}

/**
 * `resource.create`: stores the validated body plus the spec's server-set defaults, an id and `createdAt`.
 */
export const createResource: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const merchantId = requireMerchant(context);
  const record: ResourceRecord = {
    id: randomUuid(context.random),
    merchantId,
    createdAt: context.now,
    fields: { ...context.options.defaults, ...(context.body as Record<string, unknown>) },
  };
  return { state: appendResources(context.state, collection, merchantId, [record]), body: view(record) };
};

/**
 * `resource.list`: the merchant's records ordered by `createdAt` (`order`, default desc), paged by
 * `page` and `limit` when the action's pagination is `page`.
 */
export const listResources: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const records = context.state.resources[collection]?.[requireMerchant(context)] ?? [];
  const sorted = byCreation(records, context.query.order === 'asc' ? 'asc' : 'desc');
  if (context.options.pagination !== 'page') return { body: sorted.map(view) };
  const page = Number(context.query.page ?? 1);
  const limit = Number(context.query.limit ?? 20);
  const data = sorted.slice((page - 1) * limit, page * limit).map(view);
  return { body: { data, total: records.length, page, limit } };
};

/** `resource.get`: one record, within the path's merchant when the operation names one. */
export const getResource: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const id = context.params[requireOption(context, 'idParam')];
  const byMerchant = context.state.resources[collection] ?? {};
  const pools = context.merchantId === null ? Object.values(byMerchant) : [byMerchant[context.merchantId] ?? []];
  const record = pools.flat().find((candidate) => candidate.id === id);
  if (!record) throw new AuthproofError('not_found', `No ${collection} record with id ${id}`);
  return { body: view(record) };
};
