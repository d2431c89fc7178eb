import type { EngineClock } from '../core/clock.js'
import type { RecordTable } from '../core/records.js'

/** Where the Svix rule of disabling failing endpoints stands for one subscription. */
export interface Failing {
  /** Clock times of recent failed attempts (the last 24 h, thinned to one per 10 minutes). */
  recent: number[]
  /** When the 5-day clock started, or null while it has not. */
  since: number | null
}

/** A subscription (a Svix endpoint): where messages go and which of them. */
export interface Endpoint {
  id: string
  url: string
  /** `whsec_` and the base64 key the signatures are made with. */
  secret: string
  /** The event types (or, for jobfake's own, the states entered) it takes; null for all. */
  events: string[] | null
  /** For jobfake's own subscriptions: only this vendor's jobs, or every vendor's (null). */
  vendor?: string | null
  disabled: boolean
  /** Clock times. */
  createdAt: number
  updatedAt: number
  /** Since the last success; null once one succeeds. */
  failing: Failing | null
}

/** How one message stands with one subscription. */
export interface Delivery {
  endpoint: string
  status: 'pending' | 'success' | 'failed'
  /** Timers fired in the current round of the retry schedule. */
  fired: number
  /** The next attempt's data timer on the session clock, and when it is due. */
  timer: number | null
  due: number | null
  /** Why a failed delivery stopped: the schedule ran out, or the subscription went. */
  reason?: 'exhausted' | 'disabled' | 'deleted' | 'aborted'
}

/** One POST to a subscription's URL, as it went. */
export interface Attempt {
  id: string
  endpoint: string
  url: string
  /** The clock time it was due and made at. */
  at: number
  /** Fire order within the message, so that attempts list the same whatever the network did. */
  n: number
  status: 'success' | 'failed'
  /** The receiver's status; 0 when none came (refused, timed out). */
  code: number
  /** The receiver's body, cut to 1 KB. */
  response: string | null
  error?: string
}

/** A message: one event, signed and posted to every subscription that takes it. */
export interface Message {
  id: string
  eventType: string
  payload: Record<string, unknown>
  /** Clock time it was created. */
  at: number
  deliveries: Delivery[]
  attempts: Attempt[]
  /** Timers fired for it so far: numbers its attempts. */
  fired: number
}

/**
 * One outbox: its subscriptions and messages (record tables, so a session snapshot keeps them),
 * the clock its attempts are timed on, and the clock handler that runs them.
 */
export interface Outbox {
  /** The clock handler's name, e.g. "airweave/webhooks". */
  name: string
  /** Who the deliveries are from, for the `webhook` session event ("airweave", "jobfake"). */
  source: string
  clock: EngineClock
  endpoints: RecordTable<Endpoint>
  messages: RecordTable<Message>
}
