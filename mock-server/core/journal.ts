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

/** What is recorded per request: the time stays a number until the journal is read. */
export interface JournalRecord extends Omit<JournalEntry, 'at'> {
  /** Epoch milliseconds, from the controllable clock. */
  atMs: number;
}

/** The last `capacity` answered requests, oldest first. */
export interface Journal {
  record(entry: JournalRecord): void;
  list(): JournalEntry[];
  clear(): void;
}

/** Creates a bounded {@link Journal}: a ring of `capacity` records, overwritten oldest first. */
export function createJournal(capacity = 1000): Journal {
  let ring: JournalRecord[] = [];
  let next = 0;
  return {
    record(entry) {
      ring[next % capacity] = entry;
      next += 1;
    },
    list: () => {
      const ordered = next <= capacity ? ring.slice(0, next) : [...ring.slice(next % capacity), ...ring.slice(0, next % capacity)];
      return ordered.map(({ atMs, ...rest }) => ({ at: new Date(atMs).toISOString(), ...rest }));
    },
    clear() {
      ring = [];
      next = 0;
    },
  };
}
