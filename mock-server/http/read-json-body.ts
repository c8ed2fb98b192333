import type { Request } from 'express';
import { AuthproofError } from '../core/errors.js';
import type { OperationDefinition } from '../profile/profile.js';
import type { RequestValidator } from '../profile/request-validator.js';
import { thenMaybe, type MaybePromise } from '../core/then-maybe.js';

/**
 * The operation's JSON body, parsed and validated against its schema. The raw bytes were read (within
 * the size limit) by `express.raw`, so a parse failure is reported after authentication, as a 400.
 * @throws {AuthproofError} `invalid_request` (missing or invalid body), `invalid_json` or
 *   `unsupported_media_type`.
 */
export function readJsonBody(operation: OperationDefinition, request: Request, validator: RequestValidator): MaybePromise<unknown> {
  if (!operation.requestBody) return undefined;
  const raw: unknown = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    if (operation.requestBody.required) throw new AuthproofError('invalid_request', 'A JSON request body is required');
    return undefined;
  }
  if (!request.is(['application/json', '+json'])) {
    throw new AuthproofError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new AuthproofError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  return thenMaybe(validator.body(operation, body), () => body);
}
