import { performance } from 'node:perf_hooks';
import { addMerchant, addUser } from '../core/accounts.js';
import { actions, type ActionName } from '../core/actions/index.js';
import { AuthproofError } from '../core/errors.js';
import { hashPassword } from '../core/password.js';
import { matchProviderState, providerStates, type ProviderStateName, type StateCapabilities } from '../core/provider-states.js';
import { randomUuid } from '../core/random.js';
import { hashSecret } from '../core/secret-hash.js';
import { merchantOf } from '../core/state.js';
import type { MockRuntime } from '../mock-runtime.js';

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

/** What one interaction's states created; cleared by any teardown. */
interface Scene {
  values: Record<string, string>;
  userId?: string;
  merchantId?: string;
  apiKey?: string;
  /** The clock before a state moved it, and when (monotonic ms). */
  clockBefore?: { now: number; frozen: boolean; at: number };
}

/**
 * Provider states backed by the running mock, built from the profile's own actions (`key.generate`,
 * `key.revoke`, `allowlist.set`) and schemes, so that every profile gets each state it can express.
 * Each interaction works on a fresh account and merchant; the states of one interaction share them.
 */
export function createProviderStates(runtime: MockRuntime): ProviderStates {
  const { profile, store, clock, random, tokens } = runtime;
  // The states speak of "the" API key: the profile's first key scheme's.
  const keyScheme = profile.schemes.find((scheme) => scheme.credential === 'merchant-key');
  const capabilities: StateCapabilities = {
    actions: new Set(profile.operations.map((operation) => operation.action.name)),
    bearerTokens: tokens !== null,
    keyRateLimit: keyScheme !== undefined && runtime.limiterFor(keyScheme.name) !== null,
  };
  let scene: Scene = { values: {} };

  /** Runs the action of the profile operation that declares it, as the merchant's owner. */
  async function runAction(name: ActionName, merchantId: string, body?: unknown): Promise<unknown> {
    const operation = profile.operations.find((candidate) => candidate.action.name === name)!;
    const result = await actions[name].run({
      state: store.get(),
      now: clock.now(),
      principal: { kind: 'user', userId: merchantOf(store.get(), merchantId)!.ownerId, scheme: operation.security[0]?.[0] ?? '', permissions: null },
      merchantId,
      tenant: { kind: 'merchant', id: merchantId },
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

  async function createAccount(): Promise<{ userId: string; email: string; password: string; merchantId: string; token?: string }> {
    const userId = randomUuid(random);
    const merchantId = randomUuid(random);
    const email = `pact-${userId.slice(0, 8)}@example.com`;
    const password = Buffer.from(random(18)).toString('base64url');
    const passwordHash = await hashPassword(password, random);
    store.set(addMerchant(addUser(store.get(), { id: userId, email, passwordHash }), { id: merchantId, name: 'Provider-state merchant', ownerId: userId }));
    const token = tokens ? (await tokens.issue(userId)).token : undefined;
    return { userId, email, password, merchantId, ...(token === undefined ? {} : { token }) };
  }

  async function ensureAccount(): Promise<{ userId: string; merchantId: string }> {
    // A reset or a state import may have removed the scene's account since.
    if (scene.userId === undefined || scene.merchantId === undefined || !merchantOf(store.get(), scene.merchantId)) {
      const account = await createAccount();
      Object.assign(scene.values, account);
      scene.userId = account.userId;
      scene.merchantId = account.merchantId;
    }
    return { userId: scene.userId, merchantId: scene.merchantId };
  }

  async function generateKey(): Promise<string> {
    const { merchantId } = await ensureAccount();
    const { key } = (await runAction('key.generate', merchantId)) as { key: string };
    scene.apiKey = key;
    scene.values.apiKey = key;
    return key;
  }

  const ensureKey = async (): Promise<string> => scene.apiKey ?? (await generateKey());

  const setups: Record<ProviderStateName, (params: Record<string, string>) => Promise<void>> = {
    'an account with a merchant': async () => {
      scene.userId = undefined;
      scene.apiKey = undefined;
      await ensureAccount();
    },
    'another account with a merchant': async () => {
      const other = await createAccount();
      Object.assign(scene.values, { otherUserId: other.userId, otherMerchantId: other.merchantId }, other.token === undefined ? {} : { otherToken: other.token });
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
      await runAction('key.revoke', scene.merchantId!);
      scene.apiKey = undefined;
      delete scene.values.apiKey;
    },
    'the API key has used up its rate limit': async () => {
      const limiter = runtime.limiterFor(keyScheme!.name)!;
      const keyHash = hashSecret(await ensureKey());
      while (limiter.consume(keyHash, clock.now()).allowed);
    },
    'the merchant allows only IP {ip}': async ({ ip }) => {
      const field = profile.operations.find((operation) => operation.action.name === 'allowlist.set')!.action.options.field!;
      await runAction('allowlist.set', (await ensureAccount()).merchantId, { [field]: ip });
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
