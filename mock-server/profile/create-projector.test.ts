import { describe, expect, it } from 'vitest';
import { createProjector, encodeProjection, serializeProjection } from './create-projector.js';

const document = {
  components: {
    schemas: {
      Item: { type: 'object', properties: { id: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } } },
      Page: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Item' } }, total: { type: 'integer' } } },
    },
  },
};

describe('createProjector', () => {
  it('keeps exactly the properties the schema declares, through $ref and arrays', () => {
    const project = createProjector({ $ref: '#/components/schemas/Page' }, document);
    const page = { data: [{ id: 'a', tags: ['x'], secret: 'hash' }], total: 1, merchantId: 'm' };
    expect(project(page)).toEqual({ data: [{ id: 'a', tags: ['x'] }], total: 1 });
    expect(project({ total: 0 })).toEqual({ total: 0 });
  });

  it('passes values through where the schema declares no shape', () => {
    expect(createProjector({ type: 'string' }, document)('x')).toBe('x');
    expect(createProjector({ type: 'object' }, document)({ a: 1 })).toEqual({ a: 1 });
    expect(createProjector({ $ref: '#/components/schemas/Item' }, document)(null)).toBeNull();
  });
});

describe('serializeProjection', () => {
  it('gives exactly JSON.stringify, for fresh and for repeatedly projected (cached) records', () => {
    const project = createProjector({ $ref: '#/components/schemas/Page' }, document);
    const records = [{ id: 'a', tags: ['x', 'y'], hidden: 1 }, { id: 'b\u2028"quoted"', tags: [] }];
    for (let round = 0; round < 3; round += 1) {
      const body = project({ data: records, total: 2 });
      expect(serializeProjection(body)).toBe(JSON.stringify(body));
    }
    for (const value of [null, 1, 'x', [1, undefined, 'y'], { a: undefined, b: [null] }, { nested: { deep: true } }]) {
      expect(serializeProjection(value)).toBe(JSON.stringify(value));
    }
  });
});

describe('encodeProjection', () => {
  it('gives the UTF-8 bytes of JSON.stringify, and the same buffer again for a listing asked for again', () => {
    const project = createProjector({ type: 'array', items: { $ref: '#/components/schemas/Item' } }, document);
    const listing = [{ id: 'ä\u2028', tags: ['x'], hidden: 1 }];
    const first = encodeProjection(project(listing));
    const second = encodeProjection(project(listing));
    const third = encodeProjection(project(listing));
    expect(first.toString('utf8')).toBe(JSON.stringify([{ id: 'ä\u2028', tags: ['x'] }]));
    expect(second.equals(first)).toBe(true);
    expect(third).toBe(second);
    // A different array (another listing) is projected and encoded on its own.
    expect(encodeProjection(project([...listing, { id: 'b', tags: [] }])).toString('utf8')).toBe(JSON.stringify([{ id: 'ä\u2028', tags: ['x'] }, { id: 'b', tags: [] }]));
    for (const value of [null, 1, 'x', { a: undefined }]) expect(encodeProjection(value).toString('utf8')).toBe(JSON.stringify(value));
  });
});
