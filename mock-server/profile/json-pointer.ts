/** Escapes one JSON Pointer token (RFC 6901 §3). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The value at a JSON Pointer (`#/components/schemas/X` or `/components/…`) inside `document`. */
function resolvePointer(document: unknown, pointer: string): unknown {
  const tokens = pointer.replace(/^#/, '').split('/').slice(1);
  let node: unknown = document;
  for (const raw of tokens) {
    const token = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(token in node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** Follows local `$ref`s (`#/…`) until a value without one; external references are not supported. */
export function deref<T = Record<string, unknown>>(document: unknown, value: unknown): T | undefined {
  let node = value;
  for (let hops = 0; hops < 32; hops += 1) {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string') return node as T;
    if (!ref.startsWith('#')) throw new Error(`only local $ref is supported, got ${ref}`);
    node = resolvePointer(document, ref);
  }
  throw new Error('$ref chain is too long or circular');
}
