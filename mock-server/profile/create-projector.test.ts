import { describe, expect, it } from 'vitest';
import { createProjector, serializeProjection } from './create-projector.js';

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
