/** Checks that a response is one the spec documents: its status is declared and its body fits the schema. */
import type { ValidateFunction } from 'ajv';
import { expect } from 'vitest';
import { createAjv } from '../profile/create-ajv.js';
import { deref, escapePointerToken } from '../profile/json-pointer.js';
import { loadProfile } from '../profile/load-profile.js';

/**
 * A check for a built-in profile: it asserts that `status` is declared for the operation and that `body`
 * (already parsed; undefined for an empty body) validates against the declared schema of its content type.
 */
export function documentedBy(profileName: string): (operationId: string, response: Response, body: unknown) => Promise<void> {
  const DOCUMENT_ID = `https://authproof.dev/test/${profileName}.json`;
  const ready = (async () => {
    const profile = await loadProfile(profileName);
    const ajv = await createAjv();
    ajv.addSchema(profile.document, DOCUMENT_ID);
    return { profile, ajv };
  })();
  const compiled = new Map<string, ValidateFunction>();
  return async (operationId, response, body) => {
    const { profile, ajv } = await ready;
    const operation = profile.operations.find((candidate) => candidate.operationId === operationId);
    if (!operation) throw new Error(`no operation ${operationId}`);
    const operationPointer = `#/paths/${escapePointerToken(operation.path)}/${operation.method}`;
    const responses = deref<Record<string, { $ref?: string }>>(profile.document, { $ref: `${operationPointer}/responses` }) ?? {};
    const entry = responses[String(response.status)];
    expect(entry, `${operationId} does not document status ${response.status}`).toBeDefined();
    const base = entry!.$ref ?? `${operationPointer}/responses/${response.status}`;
    const declared = deref<{ content?: Record<string, unknown> }>(profile.document, entry) ?? {};
    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]!;
    if (!declared.content) {
      expect(body, `${operationId} ${response.status} documents an empty body`).toBeUndefined();
      return;
    }
    expect(Object.keys(declared.content)).toContain(contentType);
    const pointer = `${base}/content/${escapePointerToken(contentType)}/schema`;
    let validate = compiled.get(pointer);
    if (!validate) {
      const tokens = pointer.slice(1).split('/').map(encodeURIComponent).join('/');
      validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${tokens}` });
      compiled.set(pointer, validate);
    }
    expect(validate(body), `${operationId} ${response.status}: ${JSON.stringify(validate.errors)}`).toBe(true);
  };
}

/** {@link documentedBy} for the IteraPay profile. */
export const expectDocumented = documentedBy('iterapay');
