import { fail } from '../../vendor/errors.js'
import { iso } from '../../vendor/time.js'
import type { Route, VendorContext } from '../../vendor/types.js'
import { endDeliveriesTo } from '../../webhooks/end.js'
import { attemptsNewestFirst, recover } from '../../webhooks/outbox.js'
import { healthOf } from '../../webhooks/schedule.js'
import { asSecret, derivedId, isSecret, newSecret } from '../../webhooks/sign.js'
import type { Endpoint, Outbox } from '../../webhooks/types.js'
import { errors, invalidBody } from './errors.js'
import { presentAttempt, webhookMessageRoutes } from './webhook-messages.js'
import { outboxOf } from './webhooks.js'

/** The subscription's recent attempts Svix lists for it, as the service asks (100). */
const RECENT = 100

interface CreateBody {
  url: string
  event_types: string[]
  secret?: string | null
}

interface PatchBody {
  url?: string | null
  event_types?: string[] | null
  disabled?: boolean | null
  recover_since?: string | null
}

/** A subscription on the wire (WebhookSubscription), its health read from its attempts. */
function presentSubscription(box: Outbox, endpoint: Endpoint) {
  const attempts = attemptsNewestFirst(box, endpoint.id).map((a) => a.attempt)
  return {
    id: endpoint.id,
    url: endpoint.url,
    filter_types: endpoint.events,
    disabled: endpoint.disabled,
    description: null,
    created_at: iso(endpoint.createdAt),
    updated_at: iso(endpoint.updatedAt),
    health_status: healthOf(attempts, endpoint.disabled && endpoint.failing !== null),
  }
}

// As the service's URL type reads it: Svix delivers over http(s) only.
function checkUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    fail(invalidBody('url', "URL scheme should be 'http' or 'https'"))
  return url
}

const subscriptionOf = (box: Outbox, id: unknown, step: string) =>
  box.endpoints.get(String(id)) ?? fail(errors.webhookNotFound(step))

function create(ctx: VendorContext, body: CreateBody) {
  const box = outboxOf(ctx)
  if (body.secret != null && !isSecret(body.secret)) fail(errors.badSecret())
  const id = ctx.ids.uuid()
  return box.endpoints.put(id, {
    id,
    url: checkUrl(body.url),
    secret: body.secret != null ? asSecret(body.secret) : newSecret(ctx.ids),
    events: [...new Set(body.event_types)],
    disabled: false,
    createdAt: ctx.now(),
    updatedAt: ctx.now(),
    failing: null,
  })
}

// Disabling ends the deliveries under way (recover resends them); enabling starts afresh, and
// with `recover_since` resends what failed since then.
function update(ctx: VendorContext, endpoint: Endpoint, body: PatchBody): Endpoint {
  const box = outboxOf(ctx)
  const disabled = body.disabled ?? endpoint.disabled
  const updated = box.endpoints.put(endpoint.id, {
    ...endpoint,
    url: body.url != null ? checkUrl(body.url) : endpoint.url,
    events: body.event_types != null ? [...new Set(body.event_types)] : endpoint.events,
    disabled,
    failing: endpoint.disabled && !disabled ? null : endpoint.failing,
    updatedAt: ctx.now(),
  })
  if (disabled && !endpoint.disabled) endDeliveriesTo(box, endpoint.id, 'disabled')
  if (body.disabled === false && body.recover_since != null)
    recover(box, endpoint.id, Date.parse(body.recover_since))
  return updated
}

/** Airweave's webhook routes, by operationId. */
export const webhookRoutes: Record<string, Route> = {
  ...webhookMessageRoutes,

  // Newest first, as Svix lists endpoints.
  'webhooks.listSubscriptions': (_, ctx) => {
    const box = outboxOf(ctx)
    return {
      status: 200,
      body: box.endpoints
        .all()
        .reverse()
        .map((e) => presentSubscription(box, e)),
    }
  },

  'webhooks.createSubscription': ({ body }, ctx) => ({
    status: 200,
    body: presentSubscription(outboxOf(ctx), create(ctx, body as CreateBody)),
  }),

  'webhooks.getSubscription': ({ path, query }, ctx) => {
    const box = outboxOf(ctx)
    const endpoint = subscriptionOf(box, path.subscription_id, 'get subscription')
    const attempts = attemptsNewestFirst(box, endpoint.id).slice(0, RECENT)
    return {
      status: 200,
      body: {
        ...presentSubscription(box, endpoint),
        delivery_attempts: attempts.map((a) => presentAttempt(a.attempt, a.message)),
        secret: query.include_secret === true ? endpoint.secret : null,
      },
    }
  },

  'webhooks.updateSubscription': ({ path, body }, ctx) => {
    const box = outboxOf(ctx)
    const endpoint = subscriptionOf(box, path.subscription_id, 'update subscription')
    return { status: 200, body: presentSubscription(box, update(ctx, endpoint, body as PatchBody)) }
  },

  // The answer is the subscription as it was; the deliveries it still had to get are dropped.
  'webhooks.deleteSubscription': ({ path }, ctx) => {
    const box = outboxOf(ctx)
    const endpoint = subscriptionOf(box, path.subscription_id, 'delete subscription')
    const body = presentSubscription(box, endpoint)
    endDeliveriesTo(box, endpoint.id, 'deleted')
    box.endpoints.remove(endpoint.id)
    return { status: 200, body }
  },

  // The resends are due at once on the session clock: the task is running until they are made.
  'webhooks.recoverMessages': ({ path, body }, ctx) => {
    const box = outboxOf(ctx)
    const endpoint = subscriptionOf(box, path.subscription_id, 'recover messages')
    const { since, until } = body as { since: string; until?: string | null }
    recover(box, endpoint.id, Date.parse(since), until ? Date.parse(until) : Infinity)
    const id = derivedId('rcvr_', `${endpoint.id}/${since}/${until ?? ''}@${ctx.now()}`)
    return { status: 200, body: { id, status: 'running' } }
  },
}
