import { deref } from './json-pointer.js';

type Schema = { properties?: Record<string, unknown>; items?: unknown };

/** Keeps only what a response schema declares. */
export type Projector = (value: unknown) => unknown;

const identity: Projector = (value) => value;

/** Projections asked for more than once (stored records, immutable): their JSON text is computed once. */
const stableText = new WeakMap<object, string | null>();

/**
 * The JSON text of a projected body, equal to `JSON.stringify(value)`: the part built fresh for this
 * response (a page envelope, an array) is serialized now, each stored record's projection only once.
 */
export function serializeProjection(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const cached = stableText.get(value);
  if (cached !== undefined) return cached ?? remember(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : serializeProjection(item))).join(',')}]`;
  if (Object.getPrototypeOf(value) !== Object.prototype) return JSON.stringify(value);
  const members: string[] = [];
  for (const [name, member] of Object.entries(value)) {
    if (member !== undefined && typeof member !== 'function') members.push(`${JSON.stringify(name)}:${serializeProjection(member)}`);
  }
  return `{${members.join(',')}}`;
}

function remember(value: object): string {
  const text = JSON.stringify(value);
  stableText.set(value, text);
  return text;
}

/** The UTF-8 bytes of projections asked for more than once (a stored record, a cached listing). */
const stableBytes = new WeakMap<object, Buffer>();

/**
 * The UTF-8 bytes of {@link serializeProjection}'s text; for a projection asked for more than once (immutable,
 * like a cached listing) they are encoded once, so answering it again costs no serialization at all.
 */
export function encodeProjection(value: unknown): Buffer {
  if (value === null || typeof value !== 'object') return Buffer.from(serializeProjection(value));
  let bytes = stableBytes.get(value);
  if (bytes) return bytes;
  bytes = Buffer.from(serializeProjection(value));
  if (stableText.has(value)) stableBytes.set(value, bytes);
  return bytes;
}

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
    // A listing's array is cached and never changed, so its projection is computed once, like an object's.
    const projectedArrays = new WeakMap<readonly unknown[], unknown[]>();
    return (value) => {
      if (!Array.isArray(value)) return value;
      let out = projectedArrays.get(value);
      if (out) {
        if (!stableText.has(out)) stableText.set(out, null);
        return out;
      }
      out = value.map(item);
      projectedArrays.set(value, out);
      return out;
    };
  }
  if (!resolved.properties) return identity;
  const fields = Object.entries(resolved.properties).map(([name, property]) => [name, createProjector(property, document, depth + 1)] as const);
  // Stored records, their views and listings are immutable, so an object's projection is computed once.
  const projected = new WeakMap<object, Record<string, unknown>>();
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
    let out = projected.get(value);
    if (out) {
      // Asked for again: the input is a stored record, so its JSON text can be kept.
      if (!stableText.has(out)) stableText.set(out, null);
      return out;
    }
    out = {};
    for (const [name, project] of fields) {
      if (name in value) out[name] = project((value as Record<string, unknown>)[name]);
    }
    projected.set(value, out);
    return out;
  };
}
