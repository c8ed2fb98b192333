import { AuthproofError } from '../errors.js';
import { randomUuid } from '../random.js';
import { appendResources, type ResourceRecord } from '../state.js';
import { iso, requireOption, requireTenant, type Action } from './action.js';

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

const NO_RECORDS: readonly ResourceRecord[] = Object.freeze([]);

/** The records of one environment, per array (arrays are replaced, never changed), built once. */
const byEnvironment = new WeakMap<readonly ResourceRecord[], Map<string, readonly ResourceRecord[]>>();

/**
 * The records visible in an environment: those created in it (TEST data is invisible to LIVE) and those
 * created without one (fixtures); every record when the request has no environment.
 */
function visibleIn(records: readonly ResourceRecord[], environment: string | null): readonly ResourceRecord[] {
  if (environment === null) return records;
  let cached = byEnvironment.get(records);
  if (!cached) {
    cached = new Map();
    byEnvironment.set(records, cached);
  }
  let visible = cached.get(environment);
  if (!visible) {
    visible = records.filter((record) => record.environment === null || record.environment === environment);
    cached.set(environment, visible);
  }
  return visible;
}

/**
 * A merchant's records are replaced, never changed in place, so a listing is a pure function of the
 * array and the query: each one is built once per array (at most 64 different queries are kept).
 */
const listings = new WeakMap<readonly ResourceRecord[], Map<string, unknown>>();

function listing(records: readonly ResourceRecord[], query: string, build: () => unknown): unknown {
  let cached = listings.get(records);
  if (!cached) {
    cached = new Map();
    listings.set(records, cached);
  }
  let body = cached.get(query);
  if (body === undefined) {
    if (cached.size >= 64) cached.clear();
    body = build();
    cached.set(query, body);
  }
  return body;
}

/**
 * `resource.create`: stores the validated body plus the spec's server-set defaults, an id and `createdAt`.
 */
export const createResource: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const tenantId = requireTenant(context).id;
  const record: ResourceRecord = {
    id: randomUuid(context.random),
    tenantId,
    environment: context.environment,
    createdAt: context.now,
    fields: { ...context.options.defaults, ...(context.body as Record<string, unknown>) },
  };
  return { state: appendResources(context.state, collection, tenantId, [record]), body: view(record) };
};

/**
 * `resource.list`: the tenant's records ordered by `createdAt` (`order`, default desc), paged by
 * `page` and `limit` when the action's pagination is `page`.
 */
export const listResources: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const records = visibleIn(context.state.resources[collection]?.[requireTenant(context).id] ?? NO_RECORDS, context.environment);
  const direction = context.query.order === 'asc' ? 1 : -1;
  const paged = context.options.pagination === 'page';
  const page = Number(context.query.page ?? 1);
  const limit = Number(context.query.limit ?? 20);
  return {
    body: listing(records, `${direction}|${paged ? `${page}|${limit}` : 'all'}`, () => {
      const sorted = [...records].sort((a, b) => direction * (a.createdAt - b.createdAt));
      if (!paged) return sorted.map(view);
      return { data: sorted.slice((page - 1) * limit, page * limit).map(view), total: records.length, page, limit };
    }),
  };
};

/**
 * `resource.get`: one record, within the tenant when the operation has one (another tenant's record is
 * not found); on an operation without a tenant (a public page), any record.
 * @see shared/providers.md §2.3 — "Resource belonging to another account → 404".
 */
export const getResource: Action = (context) => {
  const collection = requireOption(context, 'collection');
  const id = context.params[requireOption(context, 'idParam')];
  const byTenant = context.state.resources[collection] ?? {};
  const pools = context.tenant === null ? Object.values(byTenant) : [byTenant[context.tenant.id] ?? []];
  const record = pools.flat().find((candidate) => candidate.id === id && visibleIn([candidate], context.environment).length === 1);
  if (!record) throw new AuthproofError('not_found', `No ${collection} record with id ${id}`);
  return { body: view(record) };
};
