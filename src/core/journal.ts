import type { Violation } from '../spec/validators.js'
import { Ring } from './ring.js'

/** One recorded vendor request. */
export interface JournalEntry {
  seq: number
  /** Session clock time, ISO 8601. */
  at: string
  session: string
  vendor: string
  method: string
  path: string
  /** The spec's operationId, or null when no operation matched. */
  operation: string | null
  status: number
  /** The state of the job the request looked at last, if any (for coverage). */
  state?: string
  violations: Violation[]
}

/** An entry as stored: clock time in ms, so that recording costs no date formatting. */
export type Recorded = Omit<JournalEntry, 'at'> & { time: number }

export const publish = ({ time, ...rest }: Recorded): JournalEntry => ({
  ...rest,
  at: new Date(time).toISOString(),
})

export interface JournalFilter {
  vendor?: string
  operation?: string
  status?: number
  /** Only entries that carry at least one violation. */
  violations?: boolean
}

export const matches = (entry: Omit<JournalEntry, 'at'>, filter: JournalFilter): boolean =>
  (filter.vendor === undefined || entry.vendor === filter.vendor) &&
  (filter.operation === undefined || entry.operation === filter.operation) &&
  (filter.status === undefined || entry.status === filter.status) &&
  (!filter.violations || entry.violations.length > 0)

/**
 * The journal of one session: a bounded ring of requests, and listeners for long polls. It
 * subscribes to the session's `request` events.
 *
 * @example
 * const journal = createJournal(10_000)
 * journal.list({ violations: true })
 */
export function createJournal(capacity: number) {
  const ring = new Ring<Recorded>(capacity)
  const listeners = new Set<(entry: JournalEntry) => void>()
  return {
    /** Keeps a request's entry; `time` is clock ms, formatted only when someone reads the entry. */
    push(entry: Recorded): void {
      ring.push(entry)
      if (listeners.size > 0) for (const listener of listeners) listener(publish(entry))
    },
    list(filter: JournalFilter = {}): JournalEntry[] {
      return ring
        .toArray()
        .filter((entry) => matches(entry, filter))
        .map(publish)
    },
    listen(listener: (entry: JournalEntry) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    clear(): void {
      ring.clear()
    },
  }
}

export type Journal = ReturnType<typeof createJournal>
