import type { SchemeDefinition } from '../../profile/profile.js';
import type { CredentialVerifier } from './credential-verifier.js';
import { verifyJwtCredential } from './jwt-credential.js';
import { verifyMerchantKeyCredential } from './merchant-key-credential.js';

/** One verifier per `x-authproof-credential` value. */
export const credentialVerifiers: Readonly<Record<SchemeDefinition['credential'], CredentialVerifier>> = {
  jwt: verifyJwtCredential,
  'merchant-key': verifyMerchantKeyCredential,
};
