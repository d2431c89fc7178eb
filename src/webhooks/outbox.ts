import type { TimerTask } from '../core/clock.js'
import { attempt } from './attempt.js'
import { end } from './end.js'
import { enqueue } from './inflight.js'
import { RETRY_SCHEDULE_MS } from './schedule.js'
import type { Attempt, Delivery, Endpoint, Message, Outbox } from './types.js'

/** An outbox keeps its newest messages; older ones go, with any attempt they still had to make. */
export const MAX_MESSAGES = 1000

/** What a message is about, as its source words it. */
export interface Publication {
  /** Made from what the message stands for, so that the same event is published once. */
  id: string
  eventType: string
  payload: Record<string, unknown>
  /** Which subscriptions take it. */
  match(endpoint: Endpoint): boolean
}

// Arms the next attempt of a delivery as a data timer, so that it is kept in a session snapshot.
function arm(box: Outbox, message: Message, delivery: Delivery, delay: number): void {
  const due = box.clock.now() + delay
  const task = { to: box.name, message: message.id, endpoint: delivery.endpoint, due }
  delivery.timer = box.clock.schedule(task, delay)
  delivery.due = due
}

/**
 * Publishes an event: a message with a delivery for every subscription that takes it, the first
 * attempts due at once on the session clock. Nothing is kept while the outbox has no
 * subscription at all; a disabled one gets a failed delivery, which `recover` can resend.
 *
 * @example
 * publish(box, { id, eventType: 'sync.completed', payload, match: (e) => e.events!.includes(…) })
 */
export function publish(box: Outbox, publication: Publication): Message | undefined {
  const { id, eventType, payload, match } = publication
  const endpoints = box.endpoints.all()
  if (endpoints.length === 0 || box.messages.has(id)) return undefined
  const message: Message = {
    id,
    eventType,
    payload,
    at: box.clock.now(),
    deliveries: [],
    attempts: [],
    fired: 0,
  }
  for (const endpoint of endpoints.filter(match)) {
    const delivery: Delivery = {
      endpoint: endpoint.id,
      status: 'pending',
      fired: 0,
      timer: null,
      due: null,
    }
    if (endpoint.disabled) end(box, delivery, 'failed', 'disabled')
    else arm(box, message, delivery, RETRY_SCHEDULE_MS[0]!)
    message.deliveries.push(delivery)
  }
  box.messages.put(id, message)
  while (box.messages.size() > MAX_MESSAGES) {
    const oldest = box.messages.all()[0]!
    for (const { timer } of oldest.deliveries) if (timer !== null) box.clock.clearTimeout(timer)
    box.messages.remove(oldest.id)
  }
  return message
}

// A delivery's timer fired: the attempt is made (after the subscription's earlier ones), and the
// next one is armed at once, as if this one will fail; a success disarms it. So the whole retry
// schedule is on the clock however slowly the receiver answers.
function fire(box: Outbox, task: TimerTask): void {
  const message = box.messages.get(String(task.message))
  const delivery = message?.deliveries.find((d) => d.endpoint === task.endpoint)
  if (!message || !delivery || delivery.status !== 'pending' || delivery.due !== task.due) return
  const endpoint = box.endpoints.get(delivery.endpoint)
  if (!endpoint || endpoint.disabled) {
    end(box, delivery, 'failed', endpoint ? 'disabled' : 'deleted')
    return void box.messages.put(message.id, message)
  }
  delivery.fired += 1
  message.fired += 1
  const last = delivery.fired === RETRY_SCHEDULE_MS.length
  const made = { n: message.fired, at: box.clock.now(), last }
  if (last) Object.assign(delivery, { timer: null, due: null })
  else arm(box, message, delivery, RETRY_SCHEDULE_MS[delivery.fired]!)
  box.messages.put(message.id, message)
  enqueue(box.clock, `${box.name}/${endpoint.id}`, () =>
    attempt(box, message.id, endpoint.id, made),
  )
}

/** Registers the clock handler that makes an outbox's attempts (once per session start). */
export function handleAttempts(box: Outbox): void {
  box.clock.handle(box.name, (task) => fire(box, task))
}

/**
 * Resends to a subscription every message of [since, until) that it has not had: each starts the
 * retry schedule afresh, due at once, oldest first. Answers how many.
 *
 * @example
 * recover(box, subscription.id, Date.parse('2026-01-01T00:00:00Z'))
 */
export function recover(box: Outbox, endpointId: string, since: number, until = Infinity): number {
  let count = 0
  for (const message of box.messages.all()) {
    if (message.at < since || message.at >= until) continue
    const delivery = message.deliveries.find((d) => d.endpoint === endpointId)
    if (!delivery || delivery.status === 'success') continue
    if (delivery.timer !== null) box.clock.clearTimeout(delivery.timer)
    Object.assign(delivery, { status: 'pending', fired: 0 })
    delete delivery.reason
    arm(box, message, delivery, 0)
    box.messages.put(message.id, message)
    count++
  }
  return count
}

/**
 * The attempts made to one subscription (or to any), newest first, with their message's id: as
 * Svix lists them, and as a subscription's health is read.
 */
export function attemptsNewestFirst(
  box: Outbox,
  endpointId?: string,
  messages = box.messages.all(),
): Array<{ attempt: Attempt; message: string }> {
  const made = messages.flatMap((message) =>
    message.attempts
      .filter((a) => endpointId === undefined || a.endpoint === endpointId)
      .map((attempt) => ({ attempt, message: message.id })),
  )
  // By clock time; the stable sort keeps message and fire order among equal times.
  return made.sort((a, b) => a.attempt.at - b.attempt.at).reverse()
}
