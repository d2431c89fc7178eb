import { realEvery, wallNow } from './clock.js'
import {
  createSession,
  type Session,
  type SessionOptions,
  type SessionSnapshot,
} from './session.js'

/** Where sessions are kept across restarts (the `--state-file`); core knows it only by this shape. */
export interface SessionStore {
  /** The sessions as they were last written. */
  load(): SessionSnapshot[]
  /** Writes a session (its removal when `take` gives nothing) durably; resolves once it is on disk. */
  save(name: string, take: () => SessionSnapshot | undefined): Promise<void>
  /** How to write out every held session, for a compaction. */
  all(take: () => SessionSnapshot[]): void
  close(): void
}

export interface SessionsOptions extends SessionOptions {
  /** At most this many sessions are held; a new one evicts the least recently used idle one. */
  maxSessions?: number
  /** Sessions nobody used for this long (real time, ms) are freed. */
  idleMs?: number
  /** Keeps every session across restarts. */
  store?: SessionStore
}

export const DEFAULT_MAX_SESSIONS = 1000

/**
 * The sessions of one fake, created on first use by name and bounded: past `maxSessions` the
 * least recently used session with no request in flight is evicted, and with `idleMs` sessions
 * unused for that long are freed. `onCreate` hears each new session.
 *
 * @example
 * const sessions = createSessions({ ...options, maxSessions: 100, idleMs: 3_600_000 })
 * sessions.get('ci-42').clock.advance(1000)
 */
export function createSessions(options: SessionsOptions, onCreate?: (session: Session) => void) {
  const { maxSessions = DEFAULT_MAX_SESSIONS, idleMs, store } = options
  if (!Number.isInteger(maxSessions) || maxSessions < 1) {
    throw new RangeError(
      `[jobfake] The number of sessions held must be a whole number ≥ 1 (got ${maxSessions}).`,
    )
  }
  // Insertion order is use order: a session used again moves to the end.
  const sessions = new Map<string, { session: Session; usedAt: number }>()
  // The session used last, already at the end: the next request mostly names it again.
  let newest: string | undefined
  const drop = (name: string, held: { session: Session }) => {
    held.session.dispose()
    sessions.delete(name)
    void store?.save(name, () => undefined)
  }
  const evictOne = () => {
    for (const [name, held] of sessions) if (held.session.busy === 0) return drop(name, held)
  }
  const stopSweep =
    idleMs === undefined
      ? () => {}
      : realEvery(Math.max(1000, Math.min(idleMs / 2, 60_000)), () => {
          const before = wallNow() - idleMs
          for (const [name, held] of sessions)
            if (held.usedAt <= before && held.session.busy === 0) drop(name, held)
        })
  const create = (name: string) => {
    if (sessions.size >= maxSessions) evictOne()
    const session = createSession(name, options)
    sessions.set(name, { session, usedAt: wallNow() })
    newest = name
    onCreate?.(session)
    return session
  }
  // Sessions come back from the store as they were written; their clocks go on from there.
  for (const snapshot of store?.load() ?? []) create(snapshot.name).restore(snapshot)
  store?.all(() => [...sessions.values()].map((held) => held.session.snapshot()))
  return {
    get(name: string): Session {
      const held = sessions.get(name)
      if (held) {
        held.usedAt = wallNow()
        if (name !== newest) {
          sessions.delete(name)
          sessions.set(name, held)
          newest = name
        }
        return held.session
      }
      return create(name)
    },
    /**
     * Writes the session to the store, if there is one; resolves once it is durable. Without a
     * store there is nothing to wait for, and no promise.
     */
    commit(session: Session): Promise<void> | undefined {
      if (!store || !sessions.has(session.name)) return undefined
      return store.save(session.name, () => session.snapshot())
    },
    has: (name: string) => sessions.has(name),
    /** The session, if held, without counting it as used. */
    peek: (name: string): Session | undefined => sessions.get(name)?.session,
    all: () => [...sessions.values()].map((held) => held.session),
    size: () => sessions.size,
    dispose() {
      stopSweep()
      store?.close()
      for (const held of sessions.values()) held.session.dispose()
      sessions.clear()
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>
