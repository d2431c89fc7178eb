import { eventsOf } from './host.js'
import { end, endDeliveriesTo } from './end.js'
import { DELIVERY_HEADER, postSigned, type PostResult } from './post.js'
import { noteFailure } from './schedule.js'
import { derivedId, signedHeaders } from './sign.js'
import type { Attempt, Endpoint, Message, Outbox } from './types.js'

/** A message keeps this many attempts (eight a round; recovers start new rounds). */
const MAX_ATTEMPTS = 100

/** When a timer fired for the attempt, and whether it was the last of its round. */
export interface Made {
  n: number
  at: number
  last: boolean
}

// The subscription's side of an attempt: a success clears its failing record, a failure counts
// toward Svix's disabling rule, which may disable it and end its other deliveries.
function noteHealth(box: Outbox, endpoint: Endpoint, ok: boolean, at: number): void {
  if (ok) {
    if (endpoint.failing !== null) box.endpoints.put(endpoint.id, { ...endpoint, failing: null })
    return
  }
  const { failing, disable } = noteFailure(endpoint.failing, at)
  box.endpoints.put(endpoint.id, { ...endpoint, failing, disabled: endpoint.disabled || disable })
  if (disable) endDeliveriesTo(box, endpoint.id, 'disabled')
}

// Writes the attempt on its message (in fire order, whatever order the network answered in)
// and moves its delivery on: done on a success, failed once the round or the receiver says so.
function record(box: Outbox, message: Message, attempt: Attempt, made: Made, result: PostResult) {
  message.attempts = [...message.attempts, attempt].sort((a, b) => a.n - b.n).slice(-MAX_ATTEMPTS)
  const delivery = message.deliveries.find((d) => d.endpoint === attempt.endpoint)
  if (delivery?.status === 'pending') {
    if (result.ok) end(box, delivery, 'success')
    else if (result.abort) end(box, delivery, 'failed', 'aborted')
    else if (made.last) end(box, delivery, 'failed', 'exhausted')
  }
  box.messages.put(message.id, message)
}

/**
 * Makes one attempt of a message to a subscription: a signed POST, real network I/O off every
 * request's path, then its outcome recorded and told as a `webhook` session event. An attempt
 * whose delivery ended while it waited its turn (an earlier one succeeded, the subscription
 * went) is not made.
 */
export async function attempt(box: Outbox, messageId: string, endpointId: string, made: Made) {
  const before = box.messages.get(messageId)
  const endpoint = box.endpoints.get(endpointId)
  const delivery = before?.deliveries.find((d) => d.endpoint === endpointId)
  if (!before || delivery?.status !== 'pending' || !endpoint || endpoint.disabled) return
  const body = JSON.stringify(before.payload)
  const headers = {
    ...signedHeaders(endpoint.secret, before.id, body),
    [DELIVERY_HEADER]: `${box.source}/${before.id}`,
  }
  const result = await postSigned(endpoint.url, headers, body)
  // The session may have moved on meanwhile (a reset, a restore): record only what is still there.
  const message = box.messages.get(messageId)
  const now = box.endpoints.get(endpointId)
  if (!message || !now) return
  const attempt: Attempt = {
    id: derivedId('atmpt_', `${box.name}/${message.id}/${made.n}`),
    endpoint: endpointId,
    url: endpoint.url,
    at: made.at,
    n: made.n,
    status: result.ok ? 'success' : 'failed',
    code: result.code,
    response: result.response,
    ...(result.error !== undefined && { error: result.error }),
  }
  record(box, message, attempt, made, result)
  noteHealth(box, now, result.ok, made.at)
  eventsOf(box.clock)?.emit({
    type: 'webhook',
    source: box.source,
    subscription: endpointId,
    message: message.id,
    eventType: message.eventType,
    url: endpoint.url,
    attempt: attempt.id,
    status: attempt.status,
    code: attempt.code,
    ...(attempt.error !== undefined && { error: attempt.error }),
    at: made.at,
  })
}
