import { describe, expect, it } from 'vitest';
import { createJournal } from './journal.js';

describe('createJournal', () => {
  it('keeps the last `capacity` records, oldest first, with ISO times', () => {
    const journal = createJournal(3);
    const record = (n: number) => journal.record(n * 1000, 'GET', `/${n}`, 200, null, null);
    for (let n = 1; n <= 2; n += 1) record(n);
    expect(journal.list().map((e) => e.path)).toEqual(['/1', '/2']);
    for (let n = 3; n <= 7; n += 1) record(n);
    expect(journal.list().map((e) => e.path)).toEqual(['/5', '/6', '/7']);
    expect(journal.list()[0]).toEqual({ at: '1970-01-01T00:00:05.000Z', method: 'GET', path: '/5', status: 200, operationId: null, scheme: null });
    journal.clear();
    expect(journal.list()).toEqual([]);
  });

  it('records each field of a request as given', () => {
    const journal = createJournal(2);
    journal.record(0, 'POST', '/a', 201, 'createA', 'apiKey');
    journal.record(1, 'DELETE', '/a', 404, null, null);
    journal.record(2, 'GET', '/a', 200, 'listA', 'bearer');
    expect(journal.list()).toEqual([
      { at: '1970-01-01T00:00:00.001Z', method: 'DELETE', path: '/a', status: 404, operationId: null, scheme: null },
      { at: '1970-01-01T00:00:00.002Z', method: 'GET', path: '/a', status: 200, operationId: 'listA', scheme: 'bearer' },
    ]);
  });
});
