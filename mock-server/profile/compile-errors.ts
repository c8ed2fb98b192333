import { createErrorCatalogue, type ErrorCodeMap } from '../core/error-catalogue.js';
import { deref } from './json-pointer.js';
import type { DialectName, ErrorDialect, SchemeDefinition } from './profile.js';

/** Checks one `x-authproof-*` value against its definition in spec/extensions.schema.json (see compileProfile). */
type Check = <T>(definition: string, value: unknown, where: string) => T;

/**
 * Compiles `x-authproof-errors` (dialect, `problems`, `codes`) and each credential scheme's
 * `x-authproof-codes` into the profile's {@link ErrorDialect}, its code catalogue resolved once here
 * rather than per request.
 */
export function compileErrors(document: Record<string, unknown>, schemes: readonly SchemeDefinition[], check: Check): ErrorDialect {
  const errors = check<{ dialect: DialectName; problems?: ErrorDialect['problems']; codes?: ErrorCodeMap }>(
    'errors',
    document['x-authproof-errors'],
    'x-authproof-errors',
  );
  const components = (document.components ?? {}) as { securitySchemes?: Record<string, unknown> };
  const schemeCodes: Record<string, ErrorCodeMap> = {};
  for (const { name } of schemes) {
    const codes = deref<Record<string, unknown>>(document, components.securitySchemes?.[name])?.['x-authproof-codes'];
    if (codes !== undefined) schemeCodes[name] = check<ErrorCodeMap>('codes', codes, `components.securitySchemes.${name}.x-authproof-codes`);
  }
  return { dialect: errors.dialect, problems: errors.problems ?? {}, catalogue: createErrorCatalogue(errors.codes, schemeCodes) };
}
