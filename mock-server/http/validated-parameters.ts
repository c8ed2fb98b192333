import type { Request } from 'express';
import type { OperationValidator } from '../profile/request-validator.js';

/** A request's path and query parameters, validated: coerced to their schema types, defaults filled in. */
export interface ValidatedParameters {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
}

/** Gives one operation's requests their {@link ValidatedParameters}. */
export type ParameterReader = (request: Request, validator: OperationValidator) => ValidatedParameters;

/** Freezes a value and every array and object in it, so that no request can change what the next one gets. */
function freezeDeep<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freezeDeep(child);
    Object.freeze(value);
  }
  return value;
}

/** Longer request targets are validated each time and not kept: they are seldom repeated, and would hold memory. */
const LONGEST_KEPT_TARGET = 1024;

/**
 * The {@link ParameterReader} of one operation. Its parameters are a function of the request target alone
 * (the path its route decodes, the query string Express parses), so the outcome of a target that validated
 * is kept, frozen throughout, and a request for the same target skips parsing the query and validating:
 * clients call the same URL again and again. At most `limit` targets of up to 1 KiB each are kept (all are
 * forgotten when the limit is reached); a target that fails validation is not kept, and fails again.
 * @throws {AuthproofError} `invalid_request` as {@link OperationValidator.parameters} does.
 */
export function createParameterReader(limit = 64): ParameterReader {
  const validated = new Map<string, ValidatedParameters>();
  return (request, validator) => {
    const target = request.url;
    const known = validated.get(target);
    if (known !== undefined) return known;
    const params = request.params as Record<string, string>;
    const query = request.query as Record<string, unknown>;
    validator.parameters(params, query);
    const outcome: ValidatedParameters = freezeDeep({ params, query });
    if (target.length <= LONGEST_KEPT_TARGET) {
      if (validated.size >= limit) validated.clear();
      validated.set(target, outcome);
    }
    return outcome;
  };
}
