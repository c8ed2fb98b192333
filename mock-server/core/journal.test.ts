import { describe, expect, it } from 'vitest';
import { createJournal } from './journal.js';

const entry = (n: number) => ({ atMs: n * 1000, method: 'GET', path: `/${n}`, status: 200, operationId: null, scheme: null });

describe('createJournal', () => {
  it('keeps the last `capacity` records, oldest first, with ISO times', () => {
    const journal = createJournal(3);
    for (let n = 1; n <= 2; n += 1) journal.record(entry(n));
    expect(journal.list().map((e) => e.path)).toEqual(['/1', '/2']);
    for (let n = 3; n <= 7; n += 1) journal.record(entry(n));
    expect(journal.list().map((e) => e.path)).toEqual(['/5', '/6', '/7']);
    expect(journal.list()[0]!.at).toBe('1970-01-01T00:00:05.000Z');
    journal.clear();
    expect(journal.list()).toEqual([]);
  });
});
