import type { Recorded } from './journal.js'

/**
 * What a session tells its subscribers (journal, coverage, event stream, UI, webhooks, state file).
 */
export type SessionEvent =
  /** A vendor request was answered: the journal entry. */
  | { type: 'request'; entry: Recorded }
  /** A job entered a top-level state; `from` is null when it was created. */
  | {
      type: 'job'
      vendor: string
      kind: string
      id: string
      from: string | null
      to: string
      at: number
    }
  /** A record was created, changed or removed. */
  | {
      type: 'record'
      vendor: string
      kind: string
      id: string
      change: 'created' | 'changed' | 'removed'
      at: number
    }
  /** The clock was advanced by hand. */
  | { type: 'clock'; now: number; by: number }
  /**
   * A webhook delivery attempt came back (or failed to): `source` is the vendor whose API the
   * subscription was made with, or "jobfake" for the admin API's own; `at` is the attempt's clock
   * time, `code` the receiver's status (0 when none came).
   */
  | {
      type: 'webhook'
      source: string
      subscription: string
      message: string
      eventType: string
      url: string
      attempt: string
      status: 'success' | 'failed'
      code: number
      error?: string
      at: number
    }
  | { type: 'reset'; at: number }

export type SessionEventType = SessionEvent['type']
type Of<T extends SessionEventType> = Extract<SessionEvent, { type: T }>
type Listener<T extends SessionEventType> = (event: Of<T>) => void

/**
 * A typed emitter, one listener set per event type, so that an event nobody listens to costs a
 * map lookup.
 *
 * @example
 * const events = new SessionEvents()
 * const off = events.on('job', (e) => console.log(e.id, e.from, '→', e.to))
 */
export class SessionEvents {
  private listeners: Map<SessionEventType, Set<(event: never) => void>> | undefined

  /** `first` hears every event before any listener does (the session's own bookkeeping). */
  constructor(private first?: (event: SessionEvent) => void) {}

  on<T extends SessionEventType>(type: T, listener: Listener<T>): () => void {
    const listeners = (this.listeners ??= new Map())
    let set = listeners.get(type)
    if (!set) listeners.set(type, (set = new Set()))
    set.add(listener as (event: never) => void)
    return () => set.delete(listener as (event: never) => void)
  }

  /** Listens to every event type. */
  onAny(listener: (event: SessionEvent) => void): () => void {
    const types: SessionEventType[] = ['request', 'job', 'record', 'clock', 'reset', 'webhook']
    const offs = types.map((type) => this.on(type, listener))
    return () => offs.forEach((off) => off())
  }

  emit(event: SessionEvent): void {
    this.first?.(event)
    const set = this.listeners?.get(event.type)
    // forEach visits what for-of would (listeners added meanwhile too), with no iterator to make.
    set?.forEach((listener) => (listener as (event: SessionEvent) => void)(event))
  }

  has(type: SessionEventType): boolean {
    return this.first !== undefined || (this.listeners?.get(type)?.size ?? 0) > 0
  }
}
