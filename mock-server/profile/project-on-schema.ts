import { deref } from './json-pointer.js';

type Schema = { properties?: Record<string, unknown>; items?: unknown; type?: unknown };

/**
 * Keeps only what the response schema declares: object properties it names (recursively), array items
 * projected on `items`. So a stored record never leaks a field the spec does not document.
 */
export function projectOnSchema(value: unknown, schema: unknown, document: unknown): unknown {
  const resolved = deref<Schema>(document, schema);
  if (!resolved || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return resolved.items === undefined ? value : value.map((item) => projectOnSchema(item, resolved.items, document));
  }
  if (!resolved.properties) return value;
  const out: Record<string, unknown> = {};
  for (const [name, propertySchema] of Object.entries(resolved.properties)) {
    if (name in value) out[name] = projectOnSchema((value as Record<string, unknown>)[name], propertySchema, document);
  }
  return out;
}
