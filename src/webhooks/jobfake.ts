import { randomBytes } from 'node:crypto'
import type { SessionEvent } from '../core/events.js'
import type { RecordTable } from '../core/records.js'
import type { Session } from '../core/session.js'
import { iso } from '../vendor/time.js'
import { tellDeliveriesTo } from './host.js'
import { endDeliveriesTo } from './end.js'
import { handleAttempts, publish } from './outbox.js'
import { presentForWebhook } from './present.js'
import { asSecret, derivedId } from './sign.js'
import type { Endpoint, Message, Outbox } from './types.js'

/** The record kinds a session keeps for jobfake's own webhooks (`SessionOptions.records`). */
export const JOBFAKE_WEBHOOK_RECORDS = ['jobfake-webhook', 'jobfake-webhook-message']

/** The event type of every message jobfake sends of its own: not any vendor's. */
export const TRANSITION = 'jobfake.job.transition'

/** jobfake's own outbox in a session, or undefined for a session made without its records. */
export function jobfakeOutbox(session: Session): Outbox | undefined {
  const [endpoints, messages] = JOBFAKE_WEBHOOK_RECORDS.map((kind) => session.records.get(kind))
  if (!endpoints || !messages) return undefined
  return {
    name: 'jobfake/webhooks',
    source: 'jobfake',
    clock: session.clock,
    endpoints: endpoints as RecordTable<Endpoint>,
    messages: messages as RecordTable<Message>,
  }
}

// The body of a transition event, in the Standard Webhooks shape ({type, timestamp, data}).
function transition(session: Session, event: Extract<SessionEvent, { type: 'job' }>) {
  const own = session.vendors.get(event.vendor)
  const job = own?.jobs.get(event.kind)?.get(event.id)
  const { vendor, kind, id, from, to } = event
  return {
    type: TRANSITION,
    timestamp: iso(event.at),
    data: {
      session: session.name,
      vendor,
      kind,
      id,
      from,
      to,
      at: iso(event.at),
      job: job ? presentForWebhook(own?.vendor, job, session.clock.now()) : null,
    },
  }
}

/**
 * Wires a session's webhooks: deliveries are told as `webhook` events, and every job transition
 * of every vendor is published to jobfake's own subscriptions (`POST /__admin/webhooks`).
 *
 * @example
 * createSessions(options, (session) => attachWebhooks(session))
 */
export function attachWebhooks(session: Session): void {
  tellDeliveriesTo(session.clock, session.events)
  const box = jobfakeOutbox(session)
  if (!box) return
  handleAttempts(box)
  session.events.on('job', (event) => {
    if (box.endpoints.size() === 0) return
    const { vendor, kind, id, from, to, at } = event
    publish(box, {
      id: derivedId('msg_', `${vendor}/${kind}/${id}/${from}>${to}@${at}`),
      eventType: TRANSITION,
      payload: transition(session, event),
      match: (e) => (!e.vendor || e.vendor === vendor) && (!e.events || e.events.includes(to)),
    })
  })
}

/** What `POST /__admin/webhooks` takes, checked. */
export interface Subscribe {
  url: string
  vendor?: string | null
  events?: string[] | null
  secret?: string
}

// Numbered, never reusing a number a message still names, so a late attempt finds its own.
function nextId(box: Outbox): string {
  const used = [
    ...box.endpoints.all().map((e) => e.id),
    ...box.messages.all().flatMap((m) => m.deliveries.map((d) => d.endpoint)),
  ].map((id) => Number(id.slice('wh_'.length)))
  return `wh_${Math.max(0, ...used) + 1}`
}

/** Adds one of jobfake's own subscriptions; its secret is random unless given. */
export function subscribe(box: Outbox, input: Subscribe): Endpoint {
  const id = nextId(box)
  const now = box.clock.now()
  return box.endpoints.put(id, {
    id,
    url: input.url,
    secret: asSecret(input.secret ?? randomBytes(24).toString('base64')),
    events: input.events ?? null,
    vendor: input.vendor ?? null,
    disabled: false,
    createdAt: now,
    updatedAt: now,
    failing: null,
  })
}

/** Removes a subscription; the deliveries it still had to get are not made. */
export function unsubscribe(box: Outbox, id: string): boolean {
  if (!box.endpoints.has(id)) return false
  endDeliveriesTo(box, id, 'deleted')
  return box.endpoints.remove(id)
}
