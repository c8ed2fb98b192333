import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { AuthproofError } from '../core/errors.js';
import { thenMaybe, type MaybePromise } from '../core/then-maybe.js';
import { createAjv, describeFirstError } from './create-ajv.js';
import type { OperationDefinition, Profile } from './profile.js';

/** Checks requests against the profile's own schemas; validators are compiled on first use. */
export interface RequestValidator {
  /**
   * Coerces path and query parameters to their schema types and fills in defaults, in place (pass
   * objects the caller owns, such as one request's `params` and `query`).
   * @throws {AuthproofError} `invalid_request` naming the first parameter that violates the spec.
   */
  parameters(
    operation: OperationDefinition,
    params: Record<string, string>,
    query: Record<string, unknown>,
  ): MaybePromise<{ params: Record<string, string>; query: Record<string, unknown> }>;
  /** @throws {AuthproofError} `invalid_request` naming the first field that violates the spec. */
  body(operation: OperationDefinition, body: unknown): MaybePromise<void>;
}

type Validators = { bodies: Ajv2020; parameters: Ajv2020 };

/** A `$ref` to a JSON Pointer inside the document registered under `documentId`. */
function refTo(documentId: string, pointer: string): { $ref: string } {
  const tokens = pointer.replace(/^#/, '').split('/').slice(1).map(encodeURIComponent);
  return { $ref: `${documentId}#/${tokens.join('/')}` };
}

/** Coerces `values` in place, or throws naming the first parameter that violates its schema. */
function check(validate: ValidateFunction | null, location: 'path' | 'query', values: Record<string, unknown>): void {
  if (!validate || validate(values)) return;
  const first = validate.errors?.[0];
  const name = first?.instancePath.slice(1).split('/')[0] || (first?.params as { missingProperty?: string })?.missingProperty || '';
  throw new AuthproofError('invalid_request', `${location} parameter ${name} ${first?.message ?? 'is invalid'}`.replace(/\s+/g, ' '));
}

/** Rewrites local `#/…` references in a built schema so that they point into the registered document. */
function rebaseRefs(value: unknown, documentId: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rebaseRefs(item, documentId));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) =>
      key === '$ref' && typeof child === 'string' && child.startsWith('#') ? [key, `${documentId}${child}`] : [key, rebaseRefs(child, documentId)],
    ),
  );
}

/**
 * Creates the {@link RequestValidator} for a profile. The OpenAPI document is registered whole, so
 * `$ref`s inside schemas resolve exactly as the document writes them.
 */
export function createRequestValidator(profile: Pick<Profile, 'id' | 'document'>): RequestValidator {
  const documentId = `https://authproof.dev/profiles/${profile.id}.json`;
  let validators: Promise<Validators> | undefined;
  /** Per operation: undefined until compiled, null when there is nothing to check. */
  const compiledFor = new WeakMap<OperationDefinition, Partial<Record<'path' | 'query' | 'body', ValidateFunction | null>>>();

  /** The operation's validator for `part`, or a promise of it the first time (ajv is imported on first use). */
  function validatorFor(operation: OperationDefinition, part: 'path' | 'query' | 'body'): MaybePromise<ValidateFunction | null> {
    let entry = compiledFor.get(operation);
    if (!entry) {
      entry = {};
      compiledFor.set(operation, entry);
    }
    const cached = entry[part];
    if (cached !== undefined) return cached;
    validators ??= Promise.all([createAjv(), createAjv({ coerce: true })]).then(([bodies, parameters]) => ({
      bodies: bodies.addSchema(profile.document, documentId),
      parameters: parameters.addSchema(profile.document, documentId),
    }));
    return validators.then((ajv) => (entry[part] ??= build(operation, part, ajv)));
  }

  function build(operation: OperationDefinition, part: 'path' | 'query' | 'body', { bodies, parameters }: Validators): ValidateFunction | null {
    if (part === 'body') return operation.requestBody ? bodies.compile(refTo(documentId, operation.requestBody.schema)) : null;
    const declared = operation.parameters.filter((parameter) => parameter.in === part);
    if (declared.length === 0) return null;
    const schema = {
      type: 'object',
      properties: Object.fromEntries(declared.map((parameter) => [parameter.name, parameter.schema])),
      required: declared.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
    return parameters.compile(rebaseRefs(schema, documentId) as object);
  }

  return {
    parameters(operation, params, query) {
      return thenMaybe(validatorFor(operation, 'path'), (validatePath) => {
        check(validatePath, 'path', params);
        return thenMaybe(validatorFor(operation, 'query'), (validateQuery) => {
          check(validateQuery, 'query', query);
          return { params, query };
        });
      });
    },

    body(operation, body) {
      return thenMaybe(validatorFor(operation, 'body'), (validate) => {
        if (validate && !validate(body)) throw new AuthproofError('invalid_request', describeFirstError(validate.errors));
      });
    },
  };
}
