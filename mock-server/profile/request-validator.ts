import type { ValidateFunction } from 'ajv';
import { AuthproofError } from '../core/errors.js';
import { createAjv, describeFirstError } from './create-ajv.js';
import type { OperationDefinition, Profile } from './profile.js';

/** Checks requests against the profile's own schemas; validators are compiled on first use. */
export interface RequestValidator {
  /**
   * Coerces path and query parameters to their schema types and fills in defaults.
   * @throws {AuthproofError} `invalid_request` naming the first parameter that violates the spec.
   */
  parameters(
    operation: OperationDefinition,
    params: Record<string, string>,
    query: Record<string, unknown>,
  ): { params: Record<string, string>; query: Record<string, unknown> };
  /** @throws {AuthproofError} `invalid_request` naming the first field that violates the spec. */
  body(operation: OperationDefinition, body: unknown): void;
}

/** A `$ref` to a JSON Pointer inside the document registered under `documentId`. */
function refTo(documentId: string, pointer: string): { $ref: string } {
  const tokens = pointer.replace(/^#/, '').split('/').slice(1).map(encodeURIComponent);
  return { $ref: `${documentId}#/${tokens.join('/')}` };
}

/**
 * Creates the {@link RequestValidator} for a profile. The OpenAPI document is registered whole, so
 * `$ref`s inside schemas resolve exactly as the document writes them.
 */
export function createRequestValidator(profile: Pick<Profile, 'id' | 'document'>): RequestValidator {
  const documentId = `https://authproof.dev/profiles/${profile.id}.json`;
  const bodies = createAjv();
  const parameters = createAjv({ coerce: true });
  bodies.addSchema(profile.document, documentId);
  parameters.addSchema(profile.document, documentId);
  const cache = new Map<string, ValidateFunction | null>();

  function parameterValidator(operation: OperationDefinition, location: 'path' | 'query'): ValidateFunction | null {
    const cacheKey = `${operation.operationId}:${location}`;
    if (!cache.has(cacheKey)) {
      const declared = operation.parameters.filter((parameter) => parameter.in === location);
      const schema = {
        type: 'object',
        properties: Object.fromEntries(declared.map((parameter) => [parameter.name, parameter.schema])),
        required: declared.filter((parameter) => parameter.required).map((parameter) => parameter.name),
      };
      cache.set(cacheKey, declared.length === 0 ? null : parameters.compile(rebaseRefs(schema, documentId) as object));
    }
    return cache.get(cacheKey)!;
  }

  return {
    parameters(operation, params, query) {
      const checkedParams = { ...params };
      const checkedQuery = { ...query };
      for (const [location, values] of [['path', checkedParams], ['query', checkedQuery]] as const) {
        const validate = parameterValidator(operation, location);
        if (validate && !validate(values)) {
          const first = validate.errors?.[0];
          const name = first?.instancePath.slice(1).split('/')[0] || (first?.params as { missingProperty?: string })?.missingProperty || '';
          throw new AuthproofError('invalid_request', `${location} parameter ${name} ${first?.message ?? 'is invalid'}`.replace(/\s+/g, ' '));
        }
      }
      return { params: checkedParams, query: checkedQuery };
    },

    body(operation, body) {
      if (!operation.requestBody) return;
      const pointer = operation.requestBody.schema;
      let validate = cache.get(pointer);
      if (!validate) {
        validate = bodies.compile(refTo(documentId, pointer));
        cache.set(pointer, validate);
      }
      if (!validate(body)) throw new AuthproofError('invalid_request', describeFirstError(validate.errors));
    },
  };
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

