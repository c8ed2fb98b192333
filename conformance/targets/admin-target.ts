import type { Target } from '../target.js';

interface AdminState {
  users: Record<string, { id: string }>;
  merchants: Record<string, { id: string; ownerId: string }>;
}

/** Options of {@link connectAdminTarget}. */
export interface AdminTargetOptions {
  baseUrl: string;
  /** Where the admin API is, when the profile's operations are reached through something else (a proxy). Default: `baseUrl`. */
  adminUrl?: string;
  /** The mock's admin token, if it was started with one. */
  adminToken?: string;
  description?: string;
}

/**
 * A target that offers the authproof admin API (`/__admin`): the embedded mock, or any deployment of it.
 * It picks two merchants of different owners from the state, mints long-lived tokens for them, freezes the
 * clock (until `close()`) and can reset, advance the clock and mint tokens with any lifetime — all over HTTP.
 * Resetting wipes the target's state, so a deployed mock is used this way only with --allow-destructive.
 */
export async function connectAdminTarget(options: AdminTargetOptions): Promise<Target> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const adminBase = (options.adminUrl ?? options.baseUrl).replace(/\/+$/, '');
  const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (options.adminToken) headers.authorization = `Bearer ${options.adminToken}`;
    const response = await fetch(`${adminBase}/__admin${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`admin ${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };

  const { frozen: wasFrozen } = await admin<{ frozen: boolean }>('GET', '/clock');
  await admin('PUT', '/clock', { frozen: true });
  const state = await admin<AdminState>('GET', '/state');
  // The tenants to test with: merchants, or — in a profile whose operations act on the caller's account — accounts.
  const merchants = Object.values(state.merchants);
  const tenants = merchants.length > 0 ? merchants : Object.values(state.users).map((user) => ({ id: user.id, ownerId: user.id }));
  const primary = tenants[0];
  if (!primary) throw new Error('the target has no merchant or account to test with; seed one with POST /__admin/users or /__admin/merchants');
  const other = tenants.find((tenant) => tenant.ownerId !== primary.ownerId);
  const mint = async (userId: string, body: object = {}) =>
    (await admin<{ token: string }>('POST', '/tokens', { userId, expiresInSeconds: 10 * 365 * 86_400, ...body })).token;
  const bearer = await mint(primary.ownerId);
  const otherBearer = other ? await mint(other.ownerId) : undefined;
  const minted: string[] = [];

  return {
    description: options.description ?? `${base} (admin API)`,
    baseUrl: base,
    capabilities: new Set(['destructive', 'clock', 'expired-token', 'not-yet-valid-token', ...(other ? (['other-merchant', 'other-account'] as const) : [])]),
    merchant: primary.id,
    bearer,
    otherMerchant: other?.id,
    otherBearer,
    reset: () => admin('POST', '/reset'),
    advanceClock: (seconds) => admin('POST', '/clock/advance', { seconds }),
    async staleToken(kind) {
      const token = await mint(primary.ownerId, kind === 'expired' ? { expiresInSeconds: -60 } : { notBeforeSeconds: 300 });
      minted.push(token);
      return token;
    },
    secrets: () => [bearer, ...(otherBearer ? [otherBearer] : []), ...minted, ...(options.adminToken ? [options.adminToken] : [])],
    close: () => admin('PUT', '/clock', { frozen: wasFrozen }),
  };
}
