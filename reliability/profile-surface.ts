import { defaultFixtures } from '../mock-server/load-fixtures.js';
import { loadProfile } from '../mock-server/profile/load-profile.js';
import type { OperationDefinition, Profile } from '../mock-server/profile/profile.js';
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
  /** The login call of the first fixture user who owns a merchant. */
  login: Call;
  /** That merchant. */
  merchantId: string;
  /** Its owner. */
  userId: string;
  /** key.generate / key.revoke for a merchant, with a Bearer token. */
  generate(merchantId: string, token: string): Call;
  revoke(merchantId: string, token: string): Call;
  /** A GET that takes the merchant's API key (200 while the key is live, 401 otherwise). */
  useKey(merchantId: string, key: string): Call;
  /** True when an error answer is in the profile's error dialect (an answer to HEAD: without a body). */
  inDialect(answer: RawAnswer, head?: boolean): boolean;
}

function path(operation: OperationDefinition, merchantId: string): string {
  return operation.path.replace(`{${operation.merchantParam}}`, encodeURIComponent(merchantId));
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
      operation.merchantParam !== null &&
      operation.security.some((requirement) => requirement.length === 1 && requirement[0] === keyScheme.name) &&
      operation.parameters.every((parameter) => parameter.in !== 'path' || parameter.name === operation.merchantParam),
  );
  if (!use) throw new Error(`profile ${name} has no GET operation on a merchant that takes the API key`);
  const owner = defaultFixtures(name).users.find((user) => (user.merchants ?? []).length > 0);
  if (!owner) throw new Error(`profile ${name} has no fixture user with a merchant`);
  const login = byAction('auth.login');
  const generate = byAction('key.generate');
  const revoke = byAction('key.revoke');
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    profile,
    login: {
      method: login.method.toUpperCase(),
      path: login.path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: owner.email, password: owner.password }),
    },
    merchantId: owner.merchants![0]!.id,
    userId: owner.id,
    generate: (merchantId, token) => ({ method: generate.method.toUpperCase(), path: path(generate, merchantId), headers: bearer(token) }),
    revoke: (merchantId, token) => ({ method: revoke.method.toUpperCase(), path: path(revoke, merchantId), headers: bearer(token) }),
    useKey: (merchantId, key) => ({ method: 'GET', path: path(use, merchantId), headers: { [keyHeader.toLowerCase()]: key } }),
    inDialect({ headers, body }, head = false) {
      if (head) return body === '' && headers['content-type'] !== undefined;
      const problemJson = profile.errors.dialect === 'problem-json';
      if (!(problemJson ? /^application\/problem\+json\b/ : /^application\/json\b/).test(headers['content-type'] ?? '')) return false;
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        // The other dialects' shapes are judged by the conformance suite; here a JSON object suffices.
        if (!problemJson) return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
        return ['type', 'title', 'detail', 'instance'].every((field) => typeof parsed[field] === 'string') && typeof parsed.status === 'number';
      } catch {
        return false;
      }
    },
  };
}
