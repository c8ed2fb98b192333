import { authenticateKey } from '../../core/key-lifecycle.js';
import type { CredentialVerifier } from './credential-verifier.js';

/**
 * `x-authproof-credential: merchant-key` — an API key issued for one merchant, looked up by its SHA-256
 * and compared in constant time.
 */
export const verifyMerchantKeyCredential: CredentialVerifier = (value, scheme, runtime) => {
  const { keyHash, key } = authenticateKey(runtime.store.get(), value, scheme.keyFormat!, scheme.name);
  return { kind: 'key', keyHash, owner: key.owner, scheme: scheme.name };
};
