import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { AuthproofError } from '../core/errors.js';
import type { OperationValidator } from '../profile/request-validator.js';
import { createParameterReader } from './validated-parameters.js';

/** A request for `url` whose route gave `params` and whose query string parses to `query`. */
const request = (url: string, params: Record<string, string>, query: Record<string, unknown>) => ({ url, params, query }) as unknown as Request;

/** A validator that fills in `limit`, refuses `id: bad`, and counts its calls. */
function countingValidator(): OperationValidator & { calls: number } {
  return {
    calls: 0,
    parameters(params, query) {
      this.calls += 1;
      if (params.id === 'bad') throw new AuthproofError('invalid_request', 'path parameter id must match format "uuid"');
      query.limit ??= 20;
    },
    body: () => undefined,
  };
}

describe('createParameterReader', () => {
  it('gives the validated parameters, and the same for the same target without validating again', () => {
    const read = createParameterReader();
    const validator = countingValidator();
    const first = read(request('/items/a?x=1', { id: 'a' }, { x: '1' }), validator);
    expect(first).toEqual({ params: { id: 'a' }, query: { x: '1', limit: 20 } });
    expect(read(request('/items/a?x=1', { id: 'a' }, { x: '1' }), validator)).toBe(first);
    expect(validator.calls).toBe(1);
    expect(read(request('/items/b', { id: 'b' }, {}), validator)).toEqual({ params: { id: 'b' }, query: { limit: 20 } });
    expect(validator.calls).toBe(2);
  });

  it('keeps what it gives frozen, repeated query parameters included, so no request can change what the next one gets', () => {
    const { params, query } = createParameterReader()(request('/items/a?tag=x&tag=y', { id: 'a' }, { tag: ['x', 'y'] }), countingValidator());
    expect([params, query, query.tag].every((value) => Object.isFrozen(value))).toBe(true);
  });

  it('does not keep a target that fails: it fails again', () => {
    const read = createParameterReader();
    const validator = countingValidator();
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect(() => read(request('/items/bad', { id: 'bad' }, {}), validator)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
    expect(validator.calls).toBe(2);
  });

  it('does not keep a target longer than 1 KiB', () => {
    const read = createParameterReader();
    const validator = countingValidator();
    const note = 'x'.repeat(1024);
    for (let attempt = 0; attempt < 2; attempt += 1) read(request(`/items/a?note=${note}`, { id: 'a' }, { note }), validator);
    expect(validator.calls).toBe(2);
  });

  it('keeps at most `limit` targets, forgetting them all when the limit is reached', () => {
    const read = createParameterReader(2);
    const validator = countingValidator();
    for (const id of ['a', 'b', 'a', 'b']) read(request(`/items/${id}`, { id }, {}), validator);
    expect(validator.calls).toBe(2);
    read(request('/items/c', { id: 'c' }, {}), validator);
    read(request('/items/a', { id: 'a' }, {}), validator);
    expect(validator.calls).toBe(4);
  });
});
