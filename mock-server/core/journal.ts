/** One answered request, as the admin journal shows it. Never holds a credential. */
export interface JournalEntry {
  /** ISO 8601, from the controllable clock. */
  at: string;
  method: string;
  path: string;
  status: number;
  /** The operationId the request matched, or null. */
  operationId: string | null;
  /** The security scheme that authenticated the request, or null. */
  scheme: string | null;
}

/** The last `capacity` answered requests, oldest first. */
export interface Journal {
  /** Records one answered request at `atMs` (epoch milliseconds, from the controllable clock). */
  record(atMs: number, method: string, path: string, status: number, operationId: string | null, scheme: string | null): void;
  list(): JournalEntry[];
  clear(): void;
}

/**
 * Creates a bounded {@link Journal}: a ring of `capacity` records, overwritten oldest first, kept in columns
 * (numbers in typed arrays, strings shared) so that recording a request allocates nothing that outlives it —
 * a record per request surviving garbage collection would grow the young generation the whole server
 * allocates in. A request's path is a fresh string: when it is the path of the record before, that record's
 * copy is kept instead (requests repeat their path far more often than not).
 */
export function createJournal(capacity = 1000): Journal {
  const atMs = new Float64Array(capacity);
  const statuses = new Uint16Array(capacity);
  const methods: string[] = new Array<string>(capacity).fill('');
  const paths: string[] = new Array<string>(capacity).fill('');
  const operationIds: Array<string | null> = new Array<string | null>(capacity).fill(null);
  const schemes: Array<string | null> = new Array<string | null>(capacity).fill(null);
  let next = 0;

  return {
    record(at, method, path, status, operationId, scheme) {
      const slot = next % capacity;
      const previous = paths[(next + capacity - 1) % capacity]!;
      atMs[slot] = at;
      methods[slot] = method;
      paths[slot] = path === previous ? previous : path;
      statuses[slot] = status;
      operationIds[slot] = operationId;
      schemes[slot] = scheme;
      next += 1;
    },
    list() {
      const count = Math.min(next, capacity);
      const entries: JournalEntry[] = [];
      for (let i = next - count; i < next; i += 1) {
        const slot = i % capacity;
        entries.push({
          at: new Date(atMs[slot]!).toISOString(),
          method: methods[slot]!,
          path: paths[slot]!,
          status: statuses[slot]!,
          operationId: operationIds[slot]!,
          scheme: schemes[slot]!,
        });
      }
      return entries;
    },
    clear() {
      next = 0;
    },
  };
}
