import type { Ajv2020 } from 'ajv/dist/2020.js';

/** Options of {@link createAjv}. */
export interface AjvOptions {
  /** Coerce strings to the schema's types and fill in defaults (query and path parameters). */
  coerce?: boolean;
}

let modules: Promise<{ Ajv: typeof Ajv2020; addFormats: (ajv: Ajv2020) => unknown }> | undefined;

/**
 * A JSON Schema 2020-12 validator (the dialect of OpenAPI 3.1) with the standard formats. ajv is
 * imported on first use, so a mock that has not validated anything yet has not paid for it.
 *
 * OpenAPI annotations such as `example` and `x-*` are not validation keywords, so strict mode is off.
 * Schemas are not validated against the meta-schema (that alone costs ~50 ms); a schema that cannot be
 * compiled fails when it is first used, with ajv's message.
 */
export async function createAjv(options: AjvOptions = {}): Promise<Ajv2020> {
  modules ??= Promise.all([import('ajv/dist/2020.js'), import('ajv-formats')]).then(([ajv, formats]) => ({
    Ajv: ajv.Ajv2020,
    addFormats: formats.default.default,
  }));
  const { Ajv, addFormats } = await modules;
  const ajv = new Ajv({
    strict: false,
    validateSchema: false,
    allErrors: true,
    coerceTypes: options.coerce ? 'array' : false,
    useDefaults: options.coerce ?? false,
  });
  addFormats(ajv);
  return ajv;
}

/**
 * A validator created on first use and kept: `setup` registers the schemas it needs (read from files, so
 * nothing is read or compiled before a validation is asked for).
 */
export function lazyAjv(setup: (ajv: Ajv2020) => void | Promise<void>, options: AjvOptions = {}): () => Promise<Ajv2020> {
  let ready: Promise<Ajv2020> | undefined;
  return () =>
    (ready ??= createAjv(options).then(async (ajv) => {
      await setup(ajv);
      return ajv;
    }));
}

/** The first error of a failed validation as one line: `/amount must match pattern "…"`. */
export function describeFirstError(errors: readonly { instancePath: string; message?: string; propertyName?: string }[] | null | undefined, root = 'body'): string {
  const first = errors?.[0];
  if (!first) return `${root} is invalid`;
  const property = first.propertyName === undefined ? '' : ` property name ${JSON.stringify(first.propertyName)}`;
  return `${first.instancePath || root}${property} ${first.message ?? 'is invalid'}`;
}
