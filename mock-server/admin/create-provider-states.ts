import { performance } from 'node:perf_hooks';
import { sample } from 'openapi-sampler';
import { addMerchant, addUser } from '../core/accounts.js';
import { actions, type ActionName } from '../core/actions/index.js';
import { AuthproofError } from '../core/errors.js';
import { hashPassword } from '../core/password.js';
import { matchProviderState, providerStates, type ProviderStateName, type StateCapabilities } from '../core/provider-states.js';
import { randomUuid } from '../core/random.js';
import { hashSecret } from '../core/secret-hash.js';
import { merchantOf, type Tenant } from '../core/state.js';
import type { MockRuntime } from '../mock-runtime.js';
import type { OperationDefinition } from '../profile/profile.js';

/** One state-change call of Pact's provider-state protocol. */
export interface ProviderStateChange {
  state: string;
  params?: Record<string, unknown> | null;
  /** Default `setup`. */
  action?: 'setup' | 'teardown';
}

/** A catalogue entry as the admin API lists it for the running profile. */
export interface ProviderStateListing {
  name: ProviderStateName;
  params: readonly string[];
  values: readonly string[];
  /** Null when the profile supports the state. */
  unsupported: string | null;
}

/** The provider states of one running mock (spec/admin.openapi.yaml, `/provider-states`). */
export interface ProviderStates {
  list(): ProviderStateListing[];
  /**
   * `setup` applies the state to the interaction under way and returns every value created for it so
   * far; `teardown` ends the interaction (and restores the clock a state moved) and returns `{}`.
   * @throws {AuthproofError} `invalid_request` for an unknown state, one the profile does not support, or a bad parameter.
   */
  change(change: ProviderStateChange): Promise<Record<string, string>>;
}

/** An account the states created: its user and the merchant it owns. */
interface SceneAccount {
  userId: string;
  merchantId: string;
}

/** What one interaction's states created; cleared by any teardown. */
interface Scene {
  values: Record<string, string>;
  account?: SceneAccount;
  /** The account of `another account with a merchant`. */
  other?: SceneAccount;
  apiKey?: string;
  /** The clock before a state moved it, and when (monotonic ms). */
  clockBefore?: { now: number; frozen: boolean; at: number };
}

/**
 * Provider states backed by the running mock, built from the profile's own actions (`key.generate`,
 * `key.revoke`, `allowlist.set`, `resource.create`) and schemes, so that every profile gets each state it
 * can express. Each action acts as its operation would for the account's owner, on the tenant the operation
 * names: the merchant in its path, or the account itself (`x-authproof-tenant: me`) — so the states' API key
 * is the merchant's where the key operations name one, and the account's where they act on the caller. Each
 * interaction works on a fresh account and merchant; the states of one interaction share them.
 */
export function createProviderStates(runtime: MockRuntime): ProviderStates {
  const { profile, store, clock, random, tokens } = runtime;
  // The states speak of "the" API key: the profile's first key scheme's.
  const keyScheme = profile.schemes.find((scheme) => scheme.credential === 'merchant-key');
  const operationOf = (name: ActionName): OperationDefinition | undefined => profile.operations.find((operation) => operation.action.name === name);
  const keyOperation = operationOf('key.generate');
  const capabilities: StateCapabilities = {
    actions: new Set(profile.operations.map((operation) => operation.action.name)),
    bearerTokens: tokens !== null,
    keyRateLimit: keyScheme !== undefined && runtime.limiterFor(keyScheme.name) !== null,
    keyOwner: keyOperation === undefined ? null : keyOperation.tenantIsCaller ? 'account' : 'merchant',
    merchantAllowlist: profile.schemes.some((scheme) => scheme.credential === 'merchant-key' && scheme.ipAllowlist === 'merchant'),
  };
  let scene: Scene = { values: {} };

  /**
   * Runs an operation's action as the account's owner would call it: on the merchant of its path, or on the
   * account itself where the operation acts on the caller's own account.
   */
  async function runOperation(operation: OperationDefinition, account: SceneAccount, body?: unknown): Promise<unknown> {
    const tenant: Tenant = operation.tenantIsCaller ? { kind: 'account', id: account.userId } : { kind: 'merchant', id: account.merchantId };
    const result = await actions[operation.action.name].run({
      state: store.get(),
      now: clock.now(),
      principal: { kind: 'user', userId: account.userId, scheme: operation.security[0]?.[0] ?? '', permissions: null },
      merchantId: operation.merchantParam === null ? null : account.merchantId,
      tenant,
      environment: null,
      params: {},
      query: {},
      body,
      options: operation.action.options,
      random,
      tokens,
      loginThrottle: runtime.loginThrottle,
      keySchemes: runtime.keySchemesFor(operation),
    });
    if (result.state) store.set(result.state);
    return result.body;
  }

  /** Runs the action of the first profile operation that declares it, for the interaction's account. */
  const runAction = async (name: ActionName, body?: unknown): Promise<unknown> => runOperation(operationOf(name)!, await ensureAccount(), body);

  async function createAccount(): Promise<SceneAccount & { email: string; password: string; token?: string }> {
    const userId = randomUuid(random);
    const merchantId = randomUuid(random);
    const email = `pact-${userId.slice(0, 8)}@example.com`;
    const password = Buffer.from(random(18)).toString('base64url');
    const passwordHash = await hashPassword(password, random);
    store.set(addMerchant(addUser(store.get(), { id: userId, email, passwordHash }), { id: merchantId, name: 'Provider-state merchant', ownerId: userId }));
    const token = tokens ? (await tokens.issue(userId)).token : undefined;
    return { userId, email, password, merchantId, ...(token === undefined ? {} : { token }) };
  }

  // A reset or a state import may have removed the scene's accounts since.
  const stillThere = (account: SceneAccount | undefined): account is SceneAccount => account !== undefined && merchantOf(store.get(), account.merchantId) !== undefined;

  async function ensureAccount(): Promise<SceneAccount> {
    if (!stillThere(scene.account)) {
      const account = await createAccount();
      Object.assign(scene.values, account);
      scene.account = { userId: account.userId, merchantId: account.merchantId };
    }
    return scene.account;
  }

  async function ensureOtherAccount(): Promise<SceneAccount> {
    if (!stillThere(scene.other)) {
      const { userId, merchantId, token } = await createAccount();
      Object.assign(scene.values, { otherUserId: userId, otherMerchantId: merchantId }, token === undefined ? {} : { otherToken: token });
      scene.other = { userId, merchantId };
    }
    return scene.other;
  }

  async function generateKey(): Promise<string> {
    const { key } = (await runAction('key.generate')) as { key: string };
    scene.apiKey = key;
    scene.values.apiKey = key;
    return key;
  }

  const ensureKey = async (): Promise<string> => scene.apiKey ?? (await generateKey());

  const setups: Record<ProviderStateName, (params: Record<string, string>) => Promise<void>> = {
    'an account with a merchant': async () => {
      scene.account = undefined;
      scene.apiKey = undefined;
      await ensureAccount();
    },
    'another account with a merchant': async () => {
      await ensureOtherAccount();
    },
    'another account has a record in {collection}': async ({ collection }) => {
      const creates = profile.operations.filter((operation) => operation.action.name === 'resource.create');
      const create = creates.find((operation) => operation.action.options.collection === collection);
      if (!create) {
        const known = [...new Set(creates.map((operation) => operation.action.options.collection))].join(', ');
        throw new AuthproofError('invalid_request', `Provider state parameter collection must name a collection the profile creates records in (${known}), got '${collection}'`);
      }
      // The record holds what a request would: the example the document gives for the body.
      const body = create.requestBody === null ? {} : sample({ $ref: create.requestBody.schema } as never, { skipReadOnly: true, quiet: true }, profile.document);
      const { id } = (await runOperation(create, await ensureOtherAccount(), body)) as { id: string };
      scene.values.otherRecordId = id;
    },
    'the merchant has an active API key': async () => {
      await ensureKey();
    },
    'the API key was replaced': async () => {
      scene.values.replacedApiKey = await ensureKey();
      await generateKey();
    },
    'the API key was revoked': async () => {
      scene.values.revokedApiKey = await ensureKey();
      await runAction('key.revoke');
      scene.apiKey = undefined;
      delete scene.values.apiKey;
    },
    'the API key has used up its rate limit': async () => {
      const limiter = runtime.limiterFor(keyScheme!.name)!;
      const keyHash = hashSecret(await ensureKey());
      // The key's own limit where it has one (a key's rateLimit), as a request with it is counted.
      const limit = store.get().keys[keyHash]?.rateLimit ?? undefined;
      while (limiter.consume(keyHash, clock.now(), limit).allowed);
    },
    'the merchant allows only IP {ip}': async ({ ip }) => {
      await runAction('allowlist.set', { [operationOf('allowlist.set')!.action.options.field!]: ip });
      scene.values.ip = ip!;
    },
    'the clock is at {time}': async ({ time }) => {
      const epochMs = Date.parse(time!);
      if (Number.isNaN(epochMs)) throw new AuthproofError('invalid_request', `Provider state parameter time must be an ISO 8601 date-time, got '${time}'`);
      scene.clockBefore ??= { ...clock.snapshot(), at: performance.now() };
      clock.set(epochMs, true);
      scene.values.now = new Date(epochMs).toISOString();
    },
    'the Bearer token has expired': async () => {
      const { userId } = await ensureAccount();
      scene.values.expiredToken = (await tokens!.issue(userId, { expiresInSeconds: -60 })).token;
    },
  };

  function endScene(): void {
    const before = scene.clockBefore;
    if (before) clock.set(before.frozen ? before.now : before.now + (performance.now() - before.at), before.frozen);
    scene = { values: {} };
  }

  return {
    list: () => providerStates.map(({ name, params, values, unsupported }) => ({ name, params, values, unsupported: unsupported(capabilities) })),
    async change({ state, params, action = 'setup' }) {
      if (action === 'teardown') {
        endScene();
        return {};
      }
      // Pact sends an empty state name for an interaction without provider states.
      if (state === '') return { ...scene.values };
      const matched = matchProviderState(state, params ?? {});
      if (!matched) {
        throw new AuthproofError('invalid_request', `Unknown provider state '${state}' (known: ${providerStates.map((definition) => definition.name).join('; ')})`);
      }
      const why = matched.definition.unsupported(capabilities);
      if (why) throw new AuthproofError('invalid_request', `Provider state '${state}' does not apply to profile ${profile.id}: ${why}`);
      await setups[matched.definition.name](matched.params);
      return { ...scene.values };
    },
  };
}
