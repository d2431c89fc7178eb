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
  /** Answered by prism from the served document: jobfake does not model the operation. */
  mocked?: true
  /**
   * Why an answer that breaks the vendor's own document is what the real service sends (a
   * documented deviation, not a violation).
   */
  deviation?: string
  /** The length of the path as sent, when `path` keeps only its first PATH_LIMIT characters. */
  pathLength?: number
}

/** Paths longer than this are kept truncated: the journal is bounded in bytes, not only entries. */
export const PATH_LIMIT = 2048

// Paths the journal has kept lately, each once. A request's path is a slice of its URL, and as an
// entry's it kept that whole URL alive too (~140 bytes an entry); most requests repeat a path (a
// poll, a list), and their entries now share one copy of it. Shared by every fake in the process,
// so bounded: at most 1024 paths of up to 256 characters.
const kept = new Map<string, string>()
const KEPT_PATHS = 1024
const KEPT_LENGTH = 256

/** The path as the journal keeps it: cut at PATH_LIMIT (its entry then notes its length). */
export function journalPath(path: string): string {
  if (path.length > PATH_LIMIT) return `${path.slice(0, PATH_LIMIT)}…`
  if (path.length > KEPT_LENGTH) return path
  let known = kept.get(path)
  if (known === undefined) {
    if (kept.size >= KEPT_PATHS) kept.clear()
    // A copy of its own: a slice would hold on to the URL it was cut from.
    known = Buffer.from(path).toString()
    kept.set(known, known)
  }
  return known
}

/** What one session's journal may hold in all (an estimate of the entries' size in memory). */
export const JOURNAL_BYTES = 8 * 1024 * 1024

// About what an entry costs in memory: the object, then its strings (2 bytes a character).
const sizeOf = (entry: Recorded) => {
  let bytes = 200 + 2 * entry.path.length
  for (const v of entry.violations) bytes += 80 + 2 * (v.message.length + v.name.length)
  return bytes
}

/** An entry as stored: clock time in ms, so that recording costs no date formatting. */
export type Recorded = Omit<JournalEntry, 'at'> & { time: number }

// `seq` first, as a reader looks for it: the session numbers an entry after it was made.
export const publish = ({ seq, time, ...rest }: Recorded): JournalEntry => ({
  seq,
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
 * The journal of one session: a ring of requests bounded in entries and in bytes, and listeners
 * for long polls. It
 * subscribes to the session's `request` events.
 *
 * @example
 * const journal = createJournal(10_000)
 * journal.list({ violations: true })
 */
export function createJournal(capacity: number): Journal {
  return new Journal(capacity)
}

const LIMITS = { maxBytes: JOURNAL_BYTES, sizeOf }

// A class, not a closure per method: every session holds one.
export class Journal {
  private ring: Ring<Recorded>
  private listeners: Set<(entry: JournalEntry) => void> | undefined

  constructor(capacity: number) {
    this.ring = new Ring<Recorded>(capacity, LIMITS)
  }

  /** Keeps a request's entry; `time` is clock ms, formatted only when someone reads the entry. */
  push(entry: Recorded): void {
    this.ring.push(entry)
    const { listeners } = this
    if (listeners && listeners.size > 0) for (const listener of listeners) listener(publish(entry))
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.ring
      .toArray()
      .filter((entry) => matches(entry, filter))
      .map(publish)
  }

  listen(listener: (entry: JournalEntry) => void): () => void {
    const listeners = (this.listeners ??= new Set())
    listeners.add(listener)
    return () => listeners.delete(listener)
  }

  clear(): void {
    this.ring.clear()
  }
}
