import type { SessionEvent } from './events.js'
import { publish } from './journal.js'
import { Ring } from './ring.js'
import type { Session } from './session.js'

/** A session event as the event stream sends it: numbered, typed, its data already JSON. */
export interface LoggedEvent {
  id: number
  type: SessionEvent['type']
  data: string
}

/** The recent events of one session, numbered, so that a client can resume where it stopped. */
export interface EventLog {
  /** The id of the newest event (0 before the first). */
  readonly last: number
  /**
   * The events after `id`, oldest first; undefined when some of them are no longer kept (or `id`
   * was never given out), so that the client knows to read the state afresh.
   */
  since(id: number): LoggedEvent[] | undefined
  listen(listener: (event: LoggedEvent) => void): () => void
}

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * An event as plain JSON data: clock times in ISO 8601, a request as its journal entry.
 *
 * @example
 * eventData({ type: 'clock', now: 0, by: 5 }) // { type: 'clock', now: '1970-01-01T00:00:00.000Z', by: 5 }
 */
export function eventData(event: SessionEvent): Record<string, unknown> {
  switch (event.type) {
    case 'request':
      return { type: 'request', ...publish(event.entry) }
    case 'clock':
      return { type: 'clock', now: iso(event.now), by: event.by }
    default:
      return { ...event, at: iso(event.at) }
  }
}

const logs = new WeakMap<Session, EventLog>()

/**
 * The event log of a session, made on first use (the first stream opened on it), so that a
 * session nobody watches pays nothing. It keeps the newest `capacity` events and lives as long
 * as its session, across resets: ids keep growing.
 *
 * @example
 * const log = eventLogOf(session)
 * const missed = log.since(Number(lastEventId)) ?? 'read everything again'
 */
export function eventLogOf(session: Session, capacity = 1000): EventLog {
  const known = logs.get(session)
  if (known) return known
  const ring = new Ring<LoggedEvent>(capacity)
  const listeners = new Set<(event: LoggedEvent) => void>()
  let last = 0
  session.events.onAny((event) => {
    const logged: LoggedEvent = {
      id: ++last,
      type: event.type,
      data: JSON.stringify(eventData(event)),
    }
    ring.push(logged)
    for (const listener of listeners) listener(logged)
  })
  const log: EventLog = {
    get last() {
      return last
    },
    since(id) {
      if (!Number.isInteger(id) || id < 0 || id > last) return undefined
      if (id === last) return []
      const kept = ring.toArray()
      // The first event the client missed must still be here.
      if (kept.length === 0 || kept[0]!.id > id + 1) return undefined
      return kept.filter((event) => event.id > id)
    },
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  logs.set(session, log)
  return log
}
