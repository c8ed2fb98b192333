import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** Options of {@link createAjv}. */
export interface AjvOptions {
  /** Coerce strings to the schema's types and fill in defaults (query and path parameters). */
  coerce?: boolean;
}

/**
 * A JSON Schema 2020-12 validator (the dialect of OpenAPI 3.1) with the standard formats. OpenAPI
 * annotations such as `example` and `x-*` are not validation keywords, so strict mode is off.
 */
export function createAjv(options: AjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    coerceTypes: options.coerce ? 'array' : false,
    useDefaults: options.coerce ?? false,
  });
  addFormats.default(ajv);
  return ajv;
}

/** The first error of a failed validation as one line: `/amount must match pattern "…"`. */
export function describeFirstError(errors: readonly { instancePath: string; message?: string }[] | null | undefined, root = 'body'): string {
  const first = errors?.[0];
  if (!first) return `${root} is invalid`;
  return `${first.instancePath || root} ${first.message ?? 'is invalid'}`;
}
