import type { JournalEntry } from '../core/journal.js';
import type { KeyChanges } from '../core/key-lifecycle.js';
import type { AccountStatus, KeyRecord, State, Tenant } from '../core/state.js';
import type { ProviderStateChange, ProviderStateListing } from './create-provider-states.js';

/** The admin clock as the API shows it. */
export interface ClockView {
  now: string;
  epochMs: number;
  frozen: boolean;
}

/** The text of an error body in any dialect: `detail`, `message`, `error_description` or `error`. */
function messageOf(body: unknown): string | undefined {
  const { detail, message, error_description: description, error } = (body ?? {}) as Record<string, unknown>;
  return [detail, message, description, error].find((text): text is string => typeof text === 'string');
}

/** A failed admin call; `problem` is the error body, in the profile's dialect. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`admin API answered ${status}: ${messageOf(problem) ?? 'no detail'}`);
    this.name = 'AdminError';
  }
}

/** A key's settings the admin API may set (spec/admin.openapi.yaml `KeySettings`). */
export type AdminKeySettings = KeyChanges;

/** `POST /__admin/keys`. */
export interface AdminKeyCreate extends AdminKeySettings {
  owner: Tenant;
  /** Required when the profile has several key schemes. */
  scheme?: string;
  /** Required when the scheme's keys belong to environments. */
  environment?: string;
}

/** A key's record as the admin API shows it: times in ISO 8601. */
export type AdminKey = Omit<KeyRecord, 'createdAt' | 'lastUsedAt'> & { createdAt: string; lastUsedAt: string | null };

/** Typed calls to a running mock's `/__admin` API (spec/admin.openapi.yaml). */
export interface AdminClient {
  reset(): Promise<void>;
  exportState(): Promise<State>;
  importState(state: State): Promise<void>;
  clock(): Promise<ClockView>;
  /** Jump to an instant and/or freeze or release time. */
  setClock(options: { now?: Date | string; frozen?: boolean }): Promise<ClockView>;
  advanceClock(seconds: number): Promise<ClockView>;
  journal(): Promise<JournalEntry[]>;
  clearJournal(): Promise<void>;
  createUser(user: { email: string; password: string; id?: string; status?: AccountStatus }): Promise<{ id: string; email: string; status: AccountStatus }>;
  /** Suspends, deletes or reactivates an account. */
  changeUser(id: string, change: { status: AccountStatus }): Promise<{ id: string; email: string; status: AccountStatus }>;
  /** Issues an API key with its settings; the answer is the only one that carries the key. */
  createKey(key: AdminKeyCreate): Promise<AdminKey & { key: string }>;
  /** Enables or disables a key, or changes its label, rate limit, permissions or addresses. */
  changeKey(id: string, change: AdminKeySettings): Promise<AdminKey>;
  createMerchant(merchant: { name: string; ownerId: string; id?: string }): Promise<{ id: string; name: string; ownerId: string }>;
  /** A Bearer token for a user; a negative lifetime mints an expired one, a positive not-before a future one. */
  mintToken(options: { userId: string; expiresInSeconds?: number; notBeforeSeconds?: number; scopes?: string[] }): Promise<{ token: string; expiresAt: string }>;
  /** The provider-state library and which states the profile supports. */
  providerStates(): Promise<ProviderStateListing[]>;
  /** One call of Pact's provider-state protocol; a setup returns the values created for the interaction. */
  changeProviderState(change: ProviderStateChange): Promise<Record<string, string>>;
}

/** Creates an {@link AdminClient} for the server at `baseUrl` (without `/__admin`). */
export function createAdminClient(baseUrl: string, adminToken?: string): AdminClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (adminToken) headers.authorization = `Bearer ${adminToken}`;
    const response = await fetch(`${baseUrl}/__admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) throw new AdminError(response.status, parsed ?? null);
    return parsed as T;
  }
  return {
    reset: () => call('POST', '/reset'),
    exportState: () => call('GET', '/state'),
    importState: (state) => call('PUT', '/state', state),
    clock: () => call('GET', '/clock'),
    setClock: ({ now, frozen }) => call('PUT', '/clock', { now: now instanceof Date ? now.toISOString() : now, frozen }),
    advanceClock: (seconds) => call('POST', '/clock/advance', { seconds }),
    journal: async () => (await call<{ entries: JournalEntry[] }>('GET', '/journal')).entries,
    clearJournal: () => call('DELETE', '/journal'),
    createUser: (user) => call('POST', '/users', user),
    changeUser: (id, change) => call('PATCH', `/users/${encodeURIComponent(id)}`, change),
    createKey: (key) => call('POST', '/keys', key),
    changeKey: (id, change) => call('PATCH', `/keys/${encodeURIComponent(id)}`, change),
    createMerchant: (merchant) => call('POST', '/merchants', merchant),
    mintToken: (options) => call('POST', '/tokens', options),
    providerStates: async () => (await call<{ states: ProviderStateListing[] }>('GET', '/provider-states')).states,
    changeProviderState: (change) => call('POST', '/provider-states', change),
  };
}
