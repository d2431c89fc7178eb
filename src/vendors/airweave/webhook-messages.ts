import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { Route } from '../../vendor/types.js'
import { attemptsNewestFirst } from '../../webhooks/outbox.js'
import type { Attempt, Message } from '../../webhooks/types.js'
import { errors } from './errors.js'
import { outboxOf } from './webhooks.js'

/** Svix answers a list of messages one page at a time, 50 by default; the service asks no more. */
const PAGE = 50

/** A delivery attempt on the wire (DeliveryAttempt). */
export const presentAttempt = (attempt: Attempt, messageId: string) => ({
  id: attempt.id,
  message_id: messageId,
  endpoint_id: attempt.endpoint,
  response: attempt.response,
  response_status_code: attempt.code,
  status: attempt.status,
  timestamp: iso(attempt.at),
  url: attempt.url,
})

/** A message on the wire (WebhookMessage): its Svix channel is its event type. */
export const presentMessage = (message: Message) => ({
  id: message.id,
  event_type: message.eventType,
  payload: message.payload,
  timestamp: iso(message.at),
  channels: [message.eventType],
  tags: null,
})

/** The routes of webhook messages, by operationId. */
export const webhookMessageRoutes: Record<string, Route> = {
  // Newest first; `event_types` keeps only those.
  'webhooks.listMessages': ({ query }, ctx) => {
    const types = query.event_types as string[] | undefined
    const messages = outboxOf(ctx)
      .messages.all()
      .filter((m) => !types || types.includes(m.eventType))
      .reverse()
      .slice(0, PAGE)
    return { status: 200, body: messages.map(presentMessage) }
  },

  'webhooks.getMessage': ({ path, query }, ctx) => {
    const box = outboxOf(ctx)
    const message = box.messages.get(String(path.message_id))
    if (!message) fail(errors.webhookNotFound('get message'))
    const attempts =
      query.include_attempts === true ? attemptsNewestFirst(box, undefined, [message]) : null
    return {
      status: 200,
      body: {
        ...presentMessage(message),
        delivery_attempts: attempts && attempts.map((a) => presentAttempt(a.attempt, a.message)),
      },
    }
  },
}
