import { dialectMismatch } from '../conformance/profile/dialect-mismatch.js';
import { loadSurface } from '../conformance/profile/load-surface.js';
import { defaultFixtures } from '../mock-server/load-fixtures.js';
import { packageRoot } from '../mock-server/package-root.js';
import { loadProfile } from '../mock-server/profile/load-profile.js';
import type { OperationDefinition, Profile } from '../mock-server/profile/profile.js';
import { join } from 'node:path';
import type { RawAnswer } from './raw-http.js';

/** One request, ready for fetch. */
export interface Call {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the reliability scenarios need to know about a profile, read from its spec and fixtures. */
export interface ProfileSurface {
  profile: Profile;
  /** The login call of the first fixture user who owns a merchant (or of the first user, where keys are an account's). */
  login: Call;
  /** That merchant, or that user's account: the tenant whose key the scenarios issue. */
  merchantId: string;
  /** Its owner. */
  userId: string;
  /** Keys belong to accounts (`x-authproof-tenant: me`), not to merchants: one tenant per user. */
  accountTenancy: boolean;
  /** key.generate for a tenant, with a Bearer token. */
  generate(merchantId: string, token: string): Call;
  /** key.revoke for a tenant, with a Bearer token; null when the profile cannot revoke (generate still retires). */
  revoke: ((merchantId: string, token: string) => Call) | null;
  /** A GET that takes the tenant's API key (200 while the key is live, 401 otherwise). */
  useKey(merchantId: string, key: string): Call;
  /** True when an error answer is in the profile's error dialect (an answer to HEAD: without a body). */
  inDialect(answer: RawAnswer, head?: boolean): boolean;
}

function path(operation: OperationDefinition, merchantId: string): string {
  return operation.merchantParam === null ? operation.path : operation.path.replace(`{${operation.merchantParam}}`, encodeURIComponent(merchantId));
}

/**
 * Reads a built-in profile's surface: which operations log in, generate, revoke and use a key (by their
 * `x-authproof-action` and security), which header carries the key, and what its error bodies look like.
 * @throws when the profile lacks one of them (the suite then cannot exercise it).
 */
export async function readProfileSurface(name: string): Promise<ProfileSurface> {
  const profile = await loadProfile(name);
  const byAction = (action: string): OperationDefinition => {
    const found = profile.operations.find((operation) => operation.action.name === action);
    if (!found) throw new Error(`profile ${name} has no ${action} operation`);
    return found;
  };
  const keyScheme = profile.schemes.find((scheme) => scheme.credential === 'merchant-key');
  const bearerScheme = profile.schemes.find((scheme) => scheme.credential === 'jwt');
  if (keyScheme?.location.kind !== 'header' || !bearerScheme) throw new Error(`profile ${name} needs a merchant-key header scheme and a jwt scheme`);
  const keyHeader = keyScheme.location.header;
  const use = profile.operations.find(
    (operation) =>
      operation.method === 'get' &&
      (operation.merchantParam !== null || operation.tenantIsCaller) &&
      operation.security.some((requirement) => requirement.length === 1 && requirement[0] === keyScheme.name) &&
      operation.parameters.every((parameter) => parameter.in !== 'path' || parameter.name === operation.merchantParam),
  );
  if (!use) throw new Error(`profile ${name} has no GET operation on a tenant that takes the API key`);
  const users = defaultFixtures(name).users;
  const owner = use.merchantParam === null ? users[0] : users.find((user) => (user.merchants ?? []).length > 0);
  if (!owner) throw new Error(`profile ${name} has no fixture user${use.merchantParam === null ? '' : ' with a merchant'}`);
  const login = byAction('auth.login');
  const generate = byAction('key.generate');
  const revoke = profile.operations.find((operation) => operation.action.name === 'key.revoke');
  // The suite's own reader judges the dialect, whichever it is.
  const surface = loadSurface(name, join(packageRoot, 'spec'));
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    profile,
    login: {
      method: login.method.toUpperCase(),
      path: login.path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    },
    merchantId: use.merchantParam === null ? owner.id : owner.merchants![0]!.id,
    userId: owner.id,
    accountTenancy: use.merchantParam === null,
    generate: (merchantId, token) => ({ method: generate.method.toUpperCase(), path: path(generate, merchantId), headers: bearer(token) }),
    revoke: revoke ? (merchantId, token) => ({ method: revoke.method.toUpperCase(), path: path(revoke, merchantId), headers: bearer(token) }) : null,
    useKey: (merchantId, key) => ({ method: 'GET', path: path(use, merchantId), headers: { [keyHeader.toLowerCase()]: key } }),
    inDialect({ status, headers, body }, head = false) {
      if (head) return body === '' && headers['content-type'] !== undefined;
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        return false;
      }
      const step = { label: '', method: 'GET', path: '', status };
      return dialectMismatch(surface, { status, headers: new Headers(headers), text: body, json, step }) === null;
    },
  };
}
