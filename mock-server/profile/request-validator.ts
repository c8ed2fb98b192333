import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { AuthproofError } from '../core/errors.js';
import type { MaybePromise } from '../core/maybe-promise.js';
import { createAjv, describeFirstError } from './create-ajv.js';
import type { OperationDefinition, Profile } from './profile.js';

/** The compiled checks of one operation's request. */
export interface OperationValidator {
  /**
   * Coerces path and query parameters to their schema types and fills in defaults, in place (pass
   * objects the caller owns, such as one request's `params` and `query`).
   * @throws {AuthproofError} `invalid_request` naming the first parameter that violates the spec.
   */
  parameters(params: Record<string, string>, query: Record<string, unknown>): void;
  /** @throws {AuthproofError} `invalid_request` naming the first field that violates the spec. */
  body(body: unknown): void;
}

/** Checks requests against the profile's own schemas. */
export interface RequestValidator {
  /** The operation's checks, compiled on first use — a promise then, as ajv is imported on first use. */
  forOperation(operation: OperationDefinition): MaybePromise<OperationValidator>;
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
  const compiled = new WeakMap<OperationDefinition, MaybePromise<OperationValidator>>();

  /** Null when the operation has nothing to check in `part`. */
  function build(operation: OperationDefinition, part: 'path' | 'query', parameters: Ajv2020): ValidateFunction | null {
    const declared = operation.parameters.filter((parameter) => parameter.in === part);
    if (declared.length === 0) return null;
    const schema = {
      type: 'object',
      properties: Object.fromEntries(declared.map((parameter) => [parameter.name, parameter.schema])),
      required: declared.filter((parameter) => parameter.required).map((parameter) => parameter.name),
    };
    return parameters.compile(rebaseRefs(schema, documentId) as object);
  }

  function compile(operation: OperationDefinition, { bodies, parameters }: Validators): OperationValidator {
    const validatePath = build(operation, 'path', parameters);
    const validateQuery = build(operation, 'query', parameters);
    const validateBody = operation.requestBody ? bodies.compile(refTo(documentId, operation.requestBody.schema)) : null;
    return {
      parameters(params, query) {
        check(validatePath, 'path', params);
        check(validateQuery, 'query', query);
      },
      body(body) {
        if (validateBody && !validateBody(body)) throw new AuthproofError('invalid_request', describeFirstError(validateBody.errors));
      },
    };
  }

  return {
    forOperation(operation) {
      const known = compiled.get(operation);
      if (known !== undefined) return known;
      validators ??= Promise.all([createAjv(), createAjv({ coerce: true })]).then(([bodies, parameters]) => ({
        bodies: bodies.addSchema(profile.document, documentId),
        parameters: parameters.addSchema(profile.document, documentId),
      }));
      const compiling = validators.then((ajv) => {
        const validator = compile(operation, ajv);
        compiled.set(operation, validator);
        return validator;
      });
      compiled.set(operation, compiling);
      return compiling;
    },
  };
}
