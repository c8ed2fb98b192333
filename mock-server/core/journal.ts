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
  durationMs: number;
}

/** The last `capacity` answered requests, oldest first. */
export interface Journal {
  record(entry: JournalEntry): void;
  list(): JournalEntry[];
  clear(): void;
}

/** Creates a bounded {@link Journal}. */
export function createJournal(capacity = 1000): Journal {
  let entries: JournalEntry[] = [];
  return {
    record(entry) {
      entries.push(entry);
      if (entries.length > capacity * 2) entries = entries.slice(-capacity);
    },
    list: () => entries.slice(-capacity),
    clear() {
      entries = [];
    },
  };
}
