import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYaml } from '../profile/parse-yaml.js';
import { AuthproofError } from '../core/errors.js';
import { findKeyInconsistency } from '../core/key-lifecycle.js';
import { findInconsistency, upgradeState, type State } from '../core/state.js';
import { jwtScheme, type Profile } from '../profile/profile.js';
import { findSigningKeyProblem } from '../core/tokens.js';
import { packageRoot } from '../package-root.js';
import { describeFirstError, lazyAjv } from '../profile/create-ajv.js';

const ADMIN_SPEC_ID = 'https://authproof.dev/admin.json';
/** A validator holding spec/admin.openapi.yaml. */
const adminValidator = lazyAjv(async (ajv) => {
  ajv.addSchema((await parseYaml(readFileSync(join(packageRoot, 'spec', 'admin.openapi.yaml'), 'utf8'))) as object, ADMIN_SPEC_ID);
});

/**
 * Validates a value against a schema of spec/admin.openapi.yaml (`State`, `UserCreate`, …); the document
 * is read and compiled on first use.
 * @throws {AuthproofError} `invalid_request` naming the first violation.
 */
export async function checkAdminSchema(schemaName: string, value: unknown): Promise<void> {
  const validate = (await adminValidator()).getSchema(`${ADMIN_SPEC_ID}#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`spec/admin.openapi.yaml has no schema ${schemaName}`);
  if (!validate(value)) throw new AuthproofError('invalid_request', describeFirstError(validate.errors));
}

/**
 * A state document (admin import or `--state-file`; an earlier version is upgraded first), checked against
 * the `State` schema, for consistency between its records and with the profile's key schemes, and for a
 * signing key of the profile's algorithm that actually signs and verifies.
 * @throws {AuthproofError} `invalid_request` naming the problem.
 */
export async function checkStateDocument(document: unknown, profile: Profile): Promise<State> {
  const value = upgradeState(document);
  await checkAdminSchema('State', value);
  const state = value as State;
  const formats = new Map(profile.schemes.flatMap((scheme) => (scheme.keyFormat ? [[scheme.name, scheme.keyFormat] as const] : [])));
  const algorithm = jwtScheme(profile)?.jwt?.algorithm;
  const problem = findInconsistency(state) ?? findKeyInconsistency(state, formats);
  if (problem) throw new AuthproofError('invalid_request', `The state is inconsistent: ${problem}`);
  const keyProblem = state.signingKey === null ? null : await findSigningKeyProblem(state.signingKey, algorithm);
  if (keyProblem) throw new AuthproofError('invalid_request', keyProblem);
  return state;
}
