import type { CryptoKey, JWK } from 'jose';
import type { Clock } from './clock.js';
import { AuthproofError } from './errors.js';
import type { RateLimitPolicy } from './rate-limiter.js';
import { randomUuid, type RandomSource } from './random.js';
import type { SigningKey } from './state.js';

/** `x-authproof-jwt`: how a profile's Bearer tokens are signed and checked. */
export interface JwtPolicy {
  /** The one algorithm accepted; anything else, `none` included, is rejected. */
  algorithm: string;
  issuer: string;
  /** The longest lifetime (`exp - iat`) a token may have; login issues tokens this long. */
  lifetimeSeconds: number;
  /** The `aud` tokens carry and must carry; unchecked when absent. */
  audience?: string;
  /** Failed logins allowed per account in a rolling window (read by `auth.login`, not by this service). */
  loginAttempts?: RateLimitPolicy;
  /**
   * Tokens carry OAuth scopes in `claim` (an array, or a space-separated string) and hold those permissions
   * only; login grants `granted`. Absent: a token holds every permission.
   */
  scopes?: { claim: string; granted: string[] };
}

/** What a valid token says about its bearer. */
export interface VerifiedToken {
  /** The `sub` claim: a user id. */
  subject: string;
  /** The scopes it holds (with the policy's `scopes`), else null: every permission. */
  scopes: string[] | null;
}

/** A freshly signed token. */
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Options of {@link TokenService.issue}. */
export interface IssueOptions {
  /** Lifetime from now; negative values mint an already expired token. Default: the policy's. */
  expiresInSeconds?: number;
  /** `nbf` this many seconds from now (mints a not-yet-valid token when positive). */
  notBeforeSeconds?: number;
  /** The scopes it carries (with the policy's `scopes`); default the policy's `granted`. */
  scopes?: string[];
}

/** Signs and verifies a profile's Bearer JWTs with jose against the injected clock. */
export interface TokenService {
  issue(userId: string, options?: IssueOptions): Promise<IssuedToken>;
  /**
   * Verifies signature (ECDSA: low S only), algorithm, issuer, audience and time claims, and that the
   * token lives no longer than the policy's lifetime (unless this service minted it longer) and was not
   * issued in the future.
   * @returns the `sub` claim and the scopes held.
   * @throws {AuthproofError} `credential_malformed`, `credential_invalid`, `credential_expired` or
   *   `credential_not_yet_valid`.
   */
  verify(token: string): Promise<VerifiedToken>;
  /** The public half of the signing key as a JWK Set (RFC 7517 §5). */
  jwks(): Promise<{ keys: JWK[] }>;
  /** The scopes a token may be granted (the policy's `scopes.granted`), or null when tokens carry none. */
  readonly grantable: readonly string[] | null;
}

/** Where the signing key lives: read on every call, so that a state import takes effect at once. */
export interface SigningKeySlot {
  get(): SigningKey | null;
  set(key: SigningKey): void;
}

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  clock: Clock;
  policy: JwtPolicy;
  random: RandomSource;
  signingKey: SigningKeySlot;
}

type Jose = typeof import('jose');
let joseModule: Promise<Jose> | undefined;

/** jose, imported on the first JWT operation so that start-up does not pay for it. */
function jose(): Promise<Jose> {
  joseModule ??= import('jose');
  return joseModule;
}

/** Creates a new private signing key for `algorithm`, identified by its RFC 7638 thumbprint. */
export async function createSigningKey(algorithm: string): Promise<SigningKey> {
  const { generateKeyPair, exportJWK, calculateJwkThumbprint } = await jose();
  const { privateKey } = await generateKeyPair(algorithm, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(privateJwk);
  return { kid, alg: algorithm, privateJwk: { ...privateJwk } };
}

/** The public members of each key type (RFC 7518 §6); everything else in a private JWK stays private. */
const PUBLIC_MEMBERS: Readonly<Record<string, readonly string[]>> = { EC: ['kty', 'crv', 'x', 'y'], RSA: ['kty', 'n', 'e'], OKP: ['kty', 'crv', 'x'] };

function publicJwk(key: SigningKey): JWK {
  const members = PUBLIC_MEMBERS[String(key.privateJwk.kty)] ?? [];
  const publicPart = Object.fromEntries(members.filter((name) => name in key.privateJwk).map((name) => [name, key.privateJwk[name]]));
  return { ...publicPart, kid: key.kid, alg: key.alg, use: 'sig' };
}

/**
 * Checks that a stored signing key works: it is of the profile's algorithm (when given), its private JWK
 * imports with jose, and a probe signed with it verifies with its public half.
 * @returns what is wrong, in one line, or null.
 */
export async function findSigningKeyProblem(key: SigningKey, algorithm?: string): Promise<string | null> {
  if (algorithm !== undefined && key.alg !== algorithm) return `the signing key is ${key.alg}, the profile signs with ${algorithm}`;
  const { importJWK, CompactSign, compactVerify } = await jose();
  try {
    const privateKey = await importJWK(key.privateJwk as JWK, key.alg);
    const probe = await new CompactSign(new Uint8Array([1])).setProtectedHeader({ alg: key.alg }).sign(privateKey);
    await compactVerify(probe, await importJWK(publicJwk(key), key.alg));
    return null;
  } catch (error) {
    return `the signing key is unusable: ${(error as Error).message.split('\n')[0]}`;
  }
}

/** The group order n of each ECDSA algorithm's curve (SEC 2 §2.4.2, §2.5.1, §2.6.1). */
const CURVE_ORDERS: Readonly<Record<string, bigint>> = {
  ES256: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  ES384: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  ES512: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

/**
 * For an ECDSA algorithm, the compact JWS with its signature's S in the lower half of the group order
 * (`lowS`), and whether it was already there. A signature (r, s) also verifies as (r, n - s); accepting
 * only the low one makes signatures non-malleable.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4 (R || S, each as long as the order)
 */
function normalizeS(token: string, algorithm: string): { lowS: string; wasLow: boolean } {
  const order = CURVE_ORDERS[algorithm];
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (order === undefined || signature.length % 2 !== 0) return { lowS: token, wasLow: true };
  const half = signature.length / 2;
  const s = BigInt(`0x${signature.subarray(half).toString('hex') || '0'}`);
  if (s <= order / 2n) return { lowS: token, wasLow: true };
  const flipped = Buffer.from((order - s).toString(16).padStart(half * 2, '0'), 'hex');
  return { lowS: `${token.slice(0, dot)}.${Buffer.concat([signature.subarray(0, half), flipped]).toString('base64url')}`, wasLow: false };
}

/**
 * Maps jose's stable error codes to ours.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (invalid_token)
 */
function toAuthproofError(errors: Jose['errors'], error: unknown): AuthproofError {
  if (!(error instanceof errors.JOSEError)) return new AuthproofError('credential_invalid');
  switch (error.code) {
    case 'ERR_JWT_EXPIRED':
      return new AuthproofError('credential_expired', 'Bearer token has expired');
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return (error as InstanceType<Jose['errors']['JWTClaimValidationFailed']>).claim === 'nbf'
        ? new AuthproofError('credential_not_yet_valid', 'Bearer token is not valid yet (nbf)')
        : new AuthproofError('credential_invalid', `Bearer token claim check failed: ${(error as InstanceType<Jose['errors']['JWTClaimValidationFailed']>).claim}`);
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return new AuthproofError('credential_invalid', 'Bearer token algorithm is not allowed');
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new AuthproofError('credential_invalid', 'Bearer token signature is invalid');
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return new AuthproofError('credential_malformed', 'Bearer token is not a valid JWT');
    default:
      return new AuthproofError('credential_invalid', 'Bearer token is not valid');
  }
}

/** The scopes a claim holds: an array of strings, or one space-separated string (RFC 8693 `scope`); none otherwise. */
function scopesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(' ').filter(Boolean);
  return Array.isArray(claim) ? claim.filter((scope): scope is string => typeof scope === 'string') : [];
}

/**
 * Creates a {@link TokenService}. The signing key is created on first use when the slot is empty (and
 * then kept in the state), so a mock that never issues a token never pays for key generation.
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const { clock, policy, random } = options;
  const imported = new Map<string, { privateKey: CryptoKey; publicKey: CryptoKey }>();
  /** jti → exp of the tokens issued on request with a lifetime beyond the policy's (the admin API's). */
  const longLived = new Map<string, number>();
  let creating: Promise<SigningKey> | undefined;

  async function currentKey(): Promise<SigningKey> {
    const key = options.signingKey.get();
    if (key) return key;
    // Cleared once settled either way, so that a key that could not be stored is created again next time.
    creating ??= createSigningKey(policy.algorithm)
      .then((created) => {
        options.signingKey.set(created);
        return created;
      })
      .finally(() => {
        creating = undefined;
      });
    return creating;
  }

  async function keysOf(key: SigningKey): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }> {
    const { importJWK } = await jose();
    let pair = imported.get(key.kid);
    if (!pair) {
      pair = {
        privateKey: (await importJWK(key.privateJwk as JWK, key.alg)) as CryptoKey,
        publicKey: (await importJWK(publicJwk(key), key.alg)) as CryptoKey,
      };
      imported.set(key.kid, pair);
    }
    return pair;
  }

  return {
    async issue(userId, issueOptions = {}) {
      const { SignJWT } = await jose();
      const key = await currentKey();
      const nowSeconds = Math.floor(clock.now() / 1000);
      const lifetime = issueOptions.expiresInSeconds ?? policy.lifetimeSeconds;
      const exp = nowSeconds + lifetime;
      const jti = randomUuid(random);
      const claims = policy.scopes === undefined ? {} : { [policy.scopes.claim]: issueOptions.scopes ?? policy.scopes.granted };
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
        .setSubject(userId)
        .setIssuer(policy.issuer)
        .setIssuedAt(nowSeconds)
        .setExpirationTime(exp)
        .setJti(jti);
      if (policy.audience !== undefined) jwt.setAudience(policy.audience);
      if (issueOptions.notBeforeSeconds !== undefined) jwt.setNotBefore(nowSeconds + issueOptions.notBeforeSeconds);
      if (lifetime > policy.lifetimeSeconds) longLived.set(jti, exp);
      const token = normalizeS(await jwt.sign((await keysOf(key)).privateKey), key.alg).lowS;
      return { token, expiresAt: exp * 1000 };
    },

    async verify(token) {
      const { jwtVerify, errors } = await jose();
      const key = await currentKey();
      try {
        if (!normalizeS(token, policy.algorithm).wasLow) throw new errors.JWSSignatureVerificationFailed();
        const { publicKey } = await keysOf(key);
        const { payload } = await jwtVerify(
          token,
          (header) => {
            if (header.kid !== undefined && header.kid !== key.kid) throw new errors.JWSSignatureVerificationFailed();
            return publicKey;
          },
          {
            algorithms: [policy.algorithm],
            issuer: policy.issuer,
            audience: policy.audience,
            requiredClaims: ['sub', 'exp', 'iat'],
            currentDate: new Date(clock.now()),
          },
        );
        const { iat, exp, jti } = payload as { iat: number; exp: number; jti?: unknown };
        if (iat * 1000 > clock.now()) throw new errors.JWTClaimValidationFailed('"iat" is in the future', payload, 'iat');
        if (exp - iat > policy.lifetimeSeconds && (typeof jti !== 'string' || longLived.get(jti) !== exp)) {
          throw new errors.JWTClaimValidationFailed(`lifetime exceeds ${policy.lifetimeSeconds} s`, payload, 'exp');
        }
        return { subject: payload.sub!, scopes: policy.scopes === undefined ? null : scopesOf(payload[policy.scopes.claim]) };
      } catch (error) {
        throw toAuthproofError(errors, error);
      }
    },

    async jwks() {
      return { keys: [publicJwk(await currentKey())] };
    },

    grantable: policy.scopes?.granted ?? null,
  };
}
