/** ECDSA test helpers: the mock accepts only low-S ES256 signatures. */
import type { SignJWT } from 'jose';

/** The order n of P-256. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** An ES256 token's signing input, R and S. */
export function signatureParts(token: string): { input: string; r: Buffer; s: bigint } {
  const dot = token.lastIndexOf('.');
  const bytes = Buffer.from(token.slice(dot + 1), 'base64url');
  return { input: token.slice(0, dot), r: bytes.subarray(0, 32), s: BigInt(`0x${bytes.subarray(32).toString('hex')}`) };
}

/** Signs until the ES256 signature has a low S, as the mock's own tokens do (ECDSA signatures are random). */
export async function signLowS(jwt: SignJWT, key: Parameters<SignJWT['sign']>[0]): Promise<string> {
  for (;;) {
    const token = await jwt.sign(key);
    if (signatureParts(token).s <= P256_ORDER / 2n) return token;
  }
}
