import { realEvery, wallNow } from './clock.js'
import { createSession, type Session, type SessionOptions } from './session.js'

export interface SessionsOptions extends SessionOptions {
  /** At most this many sessions are held; a new one evicts the least recently used idle one. */
  maxSessions?: number
  /** Sessions nobody used for this long (real time, ms) are freed. */
  idleMs?: number
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
  const { maxSessions = DEFAULT_MAX_SESSIONS, idleMs } = options
  if (!Number.isInteger(maxSessions) || maxSessions < 1) {
    throw new RangeError(
      `[jobfake] The number of sessions held must be a whole number ≥ 1 (got ${maxSessions}).`,
    )
  }
  // Insertion order is use order: a session used again moves to the end.
  const sessions = new Map<string, { session: Session; usedAt: number }>()
  const drop = (name: string, held: { session: Session }) => {
    held.session.dispose()
    sessions.delete(name)
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
  return {
    get(name: string): Session {
      const held = sessions.get(name)
      if (held) {
        sessions.delete(name)
        sessions.set(name, { session: held.session, usedAt: wallNow() })
        return held.session
      }
      if (sessions.size >= maxSessions) evictOne()
      const session = createSession(name, options)
      sessions.set(name, { session, usedAt: wallNow() })
      onCreate?.(session)
      return session
    },
    has: (name: string) => sessions.has(name),
    all: () => [...sessions.values()].map((held) => held.session),
    size: () => sessions.size,
    dispose() {
      stopSweep()
      for (const held of sessions.values()) held.session.dispose()
      sessions.clear()
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>
