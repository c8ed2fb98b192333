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

/** Creates a bounded {@link Journal}. */
export function createJournal(capacity = 1000): Journal {
  let records: JournalRecord[] = [];
  return {
    record(entry) {
      records.push(entry);
      if (records.length > capacity * 2) records = records.slice(-capacity);
    },
    list: () => records.slice(-capacity).map(({ atMs, ...rest }) => ({ at: new Date(atMs).toISOString(), ...rest })),
    clear() {
      records = [];
    },
  };
}
