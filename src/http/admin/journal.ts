import { realDelay } from '../../core/clock.js'
import { matches, type JournalEntry, type JournalFilter } from '../../core/journal.js'
import type { Session } from '../../core/session.js'

/**
 * Reads a journal filter from query parameters (or a JSON body's fields), or says what is wrong.
 *
 * @example
 * journalFilter({ status: '400', violations: 'true' }) // { status: 400, violations: true }
 */
export function journalFilter(query: Record<string, string>): JournalFilter | string {
  const filter: JournalFilter = {}
  if (query.vendor) filter.vendor = query.vendor
  if (query.operation) filter.operation = query.operation
  if (query.status) {
    const status = Number(query.status)
    if (!Number.isInteger(status)) return `status must be a whole number (got "${query.status}").`
    filter.status = status
  }
  if (query.violations !== undefined) filter.violations = query.violations !== 'false'
  return filter
}

/**
 * The first journal entry after `since` that matches, waiting for one up to `timeoutMs` of real
 * time (it waits on a client, not on the fake's own clock); null when none came, or the caller
 * went away.
 *
 * @example
 * const entry = await waitForEntry(session, { operation: 'sourceConnections.run' }, 0, 10_000)
 */
export async function waitForEntry(
  session: Session,
  filter: JournalFilter,
  since: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<JournalEntry | null> {
  const { journal } = session
  const found = journal.list(filter).find((e) => e.seq > since)
  if (found) return found
  const stop = new AbortController()
  // A session waited on is in use: it is not evicted meanwhile.
  session.busy++
  return new Promise<JournalEntry | null>((resolve) => {
    const done = (entry: JournalEntry | null) => (unlisten(), stop.abort(), resolve(entry))
    const unlisten = journal.listen((e) => e.seq > since && matches(e, filter) && done(e))
    realDelay(timeoutMs, stop.signal).then(() => done(null))
    signal?.addEventListener('abort', () => done(null), { once: true })
  }).finally(() => session.busy--)
}
