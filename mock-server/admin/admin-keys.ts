import { createApiKey, issuingEnvironment } from '../core/api-key.js';
import { AuthproofError } from '../core/errors.js';
import { changeKey, issueKey, type KeyChanges } from '../core/key-lifecycle.js';
import { randomUuid } from '../core/random.js';
import { hashSecret } from '../core/secret-hash.js';
import type { KeyRecord } from '../core/state.js';
import type { AdminKeyCreate } from './admin-client.js';
import type { MockRuntime } from '../mock-runtime.js';

/** A key's record as the admin API shows it: never the key or its hash; times in ISO 8601. */
function keyView(key: KeyRecord): Record<string, unknown> {
  return { ...key, createdAt: new Date(key.createdAt).toISOString(), lastUsedAt: key.lastUsedAt === null ? null : new Date(key.lastUsedAt).toISOString() };
}

/**
 * Issues a key as `key.generate` would — its scheme's slot policy applies — with the settings given.
 * @returns the key's record and, this once, the key.
 * @throws {AuthproofError} `invalid_request` for a scheme or environment the profile does not have,
 *   `not_found` for an owner that does not exist.
 */
export function createKey(runtime: MockRuntime, request: AdminKeyCreate): Record<string, unknown> {
  const { owner, scheme: schemeName, environment = null, ...settings } = request;
  const candidates = runtime.profile.schemes.filter((scheme) => scheme.credential === 'merchant-key' && (schemeName === undefined || scheme.name === schemeName));
  if (candidates.length !== 1) {
    throw new AuthproofError('invalid_request', schemeName === undefined ? 'Name the key scheme: the profile has several (or none)' : `${schemeName} is not a merchant-key scheme of the profile`);
  }
  const scheme = candidates[0]!;
  const format = scheme.keyFormat!;
  const value = createApiKey(format, runtime.random, issuingEnvironment(format, scheme.name, environment));
  const state = issueKey(runtime.store.get(), { ...settings, value, id: randomUuid(runtime.random), scheme: scheme.name, owner }, format, scheme.generate, runtime.clock.now());
  runtime.store.set(state);
  return { key: value, ...keyView(state.keys[hashSecret(value)]!) };
}

/**
 * Changes a working key's settings (`PATCH /__admin/keys/{id}`).
 * @throws {AuthproofError} `not_found` when no working key has the id.
 */
export function updateKey(runtime: MockRuntime, id: string, changes: KeyChanges): Record<string, unknown> {
  const state = changeKey(runtime.store.get(), id, changes);
  runtime.store.set(state);
  return keyView(Object.values(state.keys).find((key) => key.id === id)!);
}
