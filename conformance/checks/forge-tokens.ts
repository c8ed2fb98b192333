import { SignJWT, generateKeyPair } from 'jose';

/** A forged or stale Bearer token and the requirement that says it must get 401. */
export interface Forgery {
  requirement: string;
  label: string;
  token: string;
}

const segment = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Forgeries derived from a genuine token: unsigned (`alg: none`), signature removed or made with another
 * key, payload changed after signing, and HS256 keyed with public material (algorithm confusion).
 * @returns undefined when the token is not a JWS compact serialization.
 */
export async function forgeTokens(genuine: string, publicMaterial: string): Promise<Forgery[] | undefined> {
  const [header, payload, signature] = genuine.split('.');
  if (!header || !payload || signature === undefined) return undefined;
  let claims: Record<string, unknown>;
  let protectedHeader: { alg?: string; kid?: string };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    protectedHeader = JSON.parse(Buffer.from(header, 'base64url').toString());
  } catch {
    return undefined;
  }
  const alg = ['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'].includes(protectedHeader.alg ?? '') ? protectedHeader.alg! : 'ES256';
  const { privateKey } = await generateKeyPair(alg);
  const resign = (extra: object, signAlg: string, key: Parameters<SignJWT['sign']>[0]) =>
    new SignJWT({ ...claims, ...extra }).setProtectedHeader({ ...protectedHeader, alg: signAlg }).sign(key);
  const exp = typeof claims.exp === 'number' ? claims.exp : Math.floor(Date.now() / 1000);
  return [
    { requirement: 'JWT-ALG-NONE', label: 'an unsigned token (alg none)', token: `${segment({ alg: 'none', typ: 'JWT' })}.${payload}.` },
    { requirement: 'JWT-ALG-NONE', label: 'an unsigned token (alg None)', token: `${segment({ alg: 'None' })}.${payload}.` },
    { requirement: 'JWT-BAD-SIGNATURE', label: 'the token without its signature', token: `${header}.${payload}.` },
    { requirement: 'JWT-BAD-SIGNATURE', label: 'the token signed with another key', token: await resign({}, alg, privateKey) },
    { requirement: 'JWT-TAMPERED', label: 'the token with another subject', token: `${header}.${segment({ ...claims, sub: 'someone-else' })}.${signature}` },
    { requirement: 'JWT-TAMPERED', label: 'the token with a later expiry', token: `${header}.${segment({ ...claims, exp: exp + 365 * 86_400 })}.${signature}` },
    { requirement: 'JWT-WRONG-ALG', label: 'the claims signed HS256 with public material', token: await resign({}, 'HS256', new TextEncoder().encode(publicMaterial)) },
  ];
}
