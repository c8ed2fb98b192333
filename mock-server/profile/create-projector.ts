import { deref } from './json-pointer.js';

type Schema = { properties?: Record<string, unknown>; items?: unknown };

/** Keeps only what a response schema declares. */
export type Projector = (value: unknown) => unknown;

const identity: Projector = (value) => value;

/**
 * Compiles a response schema into a {@link Projector} that keeps only what the schema declares: object
 * properties it names (recursively) and array items projected on `items`. So a stored record never leaks
 * a field the spec does not document. `$ref`s are resolved once, here, not per response.
 */
export function createProjector(schema: unknown, document: unknown, depth = 0): Projector {
  const resolved = deref<Schema>(document, schema);
  if (!resolved || depth > 16) return identity;
  if (resolved.items !== undefined) {
    const item = createProjector(resolved.items, document, depth + 1);
    return (value) => (Array.isArray(value) ? value.map(item) : value);
  }
  if (!resolved.properties) return identity;
  const fields = Object.entries(resolved.properties).map(([name, property]) => [name, createProjector(property, document, depth + 1)] as const);
  // Stored records and their views are immutable, so an object's projection is computed once.
  const projected = new WeakMap<object, Record<string, unknown>>();
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    let out = projected.get(value);
    if (!out) {
      out = {};
      for (const [name, project] of fields) {
        if (name in value) out[name] = project((value as Record<string, unknown>)[name]);
      }
      projected.set(value, out);
    }
    return out;
  };
}
