import { Hono, type Context, type MiddlewareHandler } from 'hono'
import type { Session, Sessions } from '../../core/session.js'
import { deliveriesSettled } from '../../webhooks/inflight.js'
import { jobfakeOutbox, subscribe, unsubscribe, type Subscribe } from '../../webhooks/jobfake.js'
import { attemptsNewestFirst } from '../../webhooks/outbox.js'
import { DELIVERY_HEADER } from '../../webhooks/post.js'
import { healthOf } from '../../webhooks/schedule.js'
import { isSecret } from '../../webhooks/sign.js'
import type { Endpoint, Outbox } from '../../webhooks/types.js'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const refuse = (c: Context, status: 400 | 403 | 404, error: string, message: string) =>
  c.json({ error, message: `[jobfake] ${message}` }, status)

// Reads a subscription request, or says what is wrong with it.
function readSubscribe(body: unknown, session: Session): Subscribe | string {
  const { url, vendor, events, secret } = (body ?? {}) as Record<string, unknown>
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : undefined
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:')
    return `"url" must be an http(s) URL to POST the events to (got ${JSON.stringify(url)}).`
  if (vendor != null && (typeof vendor !== 'string' || !session.vendors.has(vendor)))
    return `"vendor" must be one of ${[...session.vendors.keys()].join(', ')}, or absent for all.`
  const list =
    Array.isArray(events) && events.length > 0 && events.every((e) => typeof e === 'string')
  if (events != null && !list)
    return '"events" must be a list of the states to tell (as the vendor names them, e.g. "completed"), or absent for every transition.'
  if (secret !== undefined && (typeof secret !== 'string' || !isSecret(secret)))
    return '"secret" must be base64, optionally after "whsec_", as Svix takes it.'
  return {
    url: parsed.href,
    vendor: vendor as string | null,
    events: events as string[] | null,
    secret: secret as string | undefined,
  }
}

// A subscription as the admin API shows it: its attempts' health, and its secret (admin is trusted).
function view(box: Outbox, endpoint: Endpoint) {
  const attempts = attemptsNewestFirst(box, endpoint.id).map((a) => a.attempt)
  return {
    id: endpoint.id,
    url: endpoint.url,
    vendor: endpoint.vendor ?? null,
    events: endpoint.events,
    secret: endpoint.secret,
    disabled: endpoint.disabled,
    health: healthOf(attempts, endpoint.disabled && endpoint.failing !== null),
    createdAt: iso(endpoint.createdAt),
    failingSince: iso(endpoint.failing?.since ?? null),
  }
}

// Its newest messages (50), each with how its delivery stands and every attempt made.
function messagesOf(box: Outbox, endpoint: Endpoint) {
  const mine = box.messages
    .all()
    .filter((m) => m.deliveries.some((d) => d.endpoint === endpoint.id))
  return mine
    .reverse()
    .slice(0, 50)
    .map((m) => {
      const delivery = m.deliveries.find((d) => d.endpoint === endpoint.id)!
      return {
        id: m.id,
        eventType: m.eventType,
        at: iso(m.at),
        status: delivery.status,
        reason: delivery.reason ?? null,
        next: iso(delivery.due),
        attempts: m.attempts
          .filter((a) => a.endpoint === endpoint.id)
          .map(({ id, at, status, code, response, error }) => ({
            id,
            at: iso(at),
            status,
            code,
            response,
            error: error ?? null,
          })),
        payload: m.payload,
      }
    })
}

/**
 * `/__admin/webhooks`: jobfake's own subscriptions to every vendor's job transitions, signed as
 * Svix signs (`POST` to add, `GET` to list or read one with its messages, `DELETE` to remove).
 *
 * @example
 * admin.route('/webhooks', webhookRoutes({ sessions }))
 */
export function webhookRoutes({ sessions }: { sessions: Sessions }): Hono {
  const routes = new Hono()
  const session = (c: Context) => sessions.get(c.get('sessionName'))
  const outbox = (c: Context) => jobfakeOutbox(session(c))!

  routes.post('/', async (c) => {
    const input = readSubscribe(await c.req.json().catch(() => undefined), session(c))
    if (typeof input === 'string') return refuse(c, 400, 'bad_request', input)
    const box = outbox(c)
    return c.json(view(box, subscribe(box, input)), 201)
  })
  routes.get('/', (c) =>
    c.json(
      outbox(c)
        .endpoints.all()
        .map((e) => view(outbox(c), e)),
    ),
  )
  routes.get('/:id', (c) => {
    const endpoint = outbox(c).endpoints.get(c.req.param('id'))
    if (!endpoint)
      return refuse(c, 404, 'not_found', `No webhook "${c.req.param('id')}" in this session.`)
    return c.json({ ...view(outbox(c), endpoint), messages: messagesOf(outbox(c), endpoint) })
  })
  routes.delete('/:id', (c) => {
    if (!unsubscribe(outbox(c), c.req.param('id')))
      return refuse(c, 404, 'not_found', `No webhook "${c.req.param('id')}" in this session.`)
    return c.body(null, 204)
  })
  return routes
}

/**
 * Makes `POST /__admin/clock/advance` answer once the deliveries its timers started have been
 * made and recorded (each bounded by its own timeout; the whole wait by `timeoutMs`).
 */
export const settleDeliveries =
  (sessions: Sessions, timeoutMs = 10_000): MiddlewareHandler =>
  async (c, next) => {
    await next()
    await deliveriesSettled(sessions.get(c.get('sessionName')).clock, timeoutMs)
  }

/**
 * Refuses jobfake's own deliveries at the admin API: a subscription pointing at jobfake itself
 * must not drive it (a delivery that resets, advances or sends a job an event, whose transition
 * is delivered again...). The vendor APIs need no such guard: a delivery carries no credential.
 */
export const refuseOwnDeliveries: MiddlewareHandler = async (c, next) => {
  if (c.req.header(DELIVERY_HEADER) === undefined) return next()
  return refuse(
    c,
    403,
    'forbidden',
    'A webhook delivery of jobfake cannot call its admin API (it could loop); point the subscription at your own receiver.',
  )
}
