import type { SchemeDefinition } from '../../profile/profile.js';
import type { CredentialHandler } from './credential-handler.js';
import { jwtCredential } from './jwt-credential.js';
import { merchantKeyCredential } from './merchant-key-credential.js';

/** One handler per `x-authproof-credential` value. */
export const credentialHandlers: Readonly<Record<SchemeDefinition['credential'], CredentialHandler>> = {
  jwt: jwtCredential,
  'merchant-key': merchantKeyCredential,
};
