import type { Request } from 'express';
import { AuthproofError } from '../core/errors.js';
import type { OperationDefinition } from '../profile/profile.js';
import type { OperationValidator } from '../profile/request-validator.js';

const FORM = 'application/x-www-form-urlencoded';

/** A form body as an object of its fields (a repeated field keeps its last value). */
function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * The operation's body — JSON, or a form where the operation takes `application/x-www-form-urlencoded` (an
 * OAuth2 token endpoint) — parsed and validated against its schema. The raw bytes were read (within the
 * size limit) by `express.raw`, so a parse failure is reported after authentication, as a 400.
 * @throws {AuthproofError} `invalid_request` (missing or invalid body), `invalid_json` or
 *   `unsupported_media_type`.
 */
export function readRequestBody(operation: OperationDefinition, request: Request, validator: OperationValidator): unknown {
  if (!operation.requestBody) return undefined;
  const { media, required } = operation.requestBody;
  const raw: unknown = request.body;
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    if (required) throw new AuthproofError('invalid_request', `A ${media === 'form' ? 'form' : 'JSON'} request body is required`);
    return undefined;
  }
  let body: unknown;
  if (media === 'form') {
    if (!request.is(FORM)) throw new AuthproofError('unsupported_media_type', `Send the body as a form with Content-Type: ${FORM}`);
    body = parseForm(raw.toString('utf8'));
  } else {
    if (!request.is(['application/json', '+json'])) throw new AuthproofError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json');
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new AuthproofError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  validator.body(body);
  return body;
}
