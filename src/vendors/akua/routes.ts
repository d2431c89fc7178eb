import { waitForJob } from '../../core/wait.js'
import { fail } from '../../vendor/errors.js'
import type { Reply, Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import { errors } from './errors.js'
import { fixtures } from './fixtures.js'
import type { operationMachine } from './machine.js'
import { etagOf, presentOperation } from './present.js'
import { STEPS } from './steps.js'

/** A cluster as the session keeps it. */
export interface Cluster {
  id: string
  workspaceId: string
  name: string
}

/** An answer already given, by workspace and idempotency key, with what was asked. */
interface Remembered {
  fingerprint: string
  reply: Reply
}

export const operations = (ctx: VendorContext) => ctx.jobs<typeof operationMachine>('operation')
export const clusters = (ctx: VendorContext) => ctx.records<Cluster>('cluster')
const remembered = (ctx: VendorContext) => ctx.records<Remembered>('idempotency')

const workspaceOf = (request: RouteRequest) =>
  (request.principal as { workspaceId: string }).workspaceId

function operationOf(ctx: VendorContext, request: RouteRequest) {
  const raw = String(request.path.id)
  const job =
    operations(ctx).get(raw.startsWith('op_') ? raw : `op_${raw}`) ?? fail(errors.notFound())
  if (job.context.meta.workspaceId !== workspaceOf(request)) fail(errors.otherWorkspace())
  return job
}

const reply = (ctx: VendorContext, id: string, status = 200): Reply => {
  const job = operations(ctx).get(id)!
  return { status, body: presentOperation(job), headers: { etag: etagOf(job) } }
}

/**
 * Runs `act` once per idempotency key: a repeat gets the same answer; another request with it, 409.
 */
function once(
  ctx: VendorContext,
  request: RouteRequest,
  fingerprint: string,
  act: () => Reply,
): Reply {
  const key = request.header('idempotency-key')
  if (!key) return act()
  const slot = `${workspaceOf(request)} ${key}`
  const seen = remembered(ctx).get(slot)
  if (seen)
    return seen.fingerprint === fingerprint ? structuredClone(seen.reply) : fail(errors.keyReused())
  const answer = act()
  remembered(ctx).put(slot, { fingerprint, reply: structuredClone(answer) })
  return answer
}

function start(
  ctx: VendorContext,
  request: RouteRequest,
  type: 'cluster.create' | 'cluster.delete',
  clusterId: string,
  metadata: Record<string, unknown>,
): Reply {
  const id = `op_${ctx.ids.token(16)}`
  const meta = {
    workspaceId: workspaceOf(request),
    organizationId: fixtures.organizationId,
    ownerType: 'cluster',
    ownerId: clusterId,
    metadata: { type, ...metadata },
    response: { type, cluster_id: clusterId },
  }
  ctx.start<typeof operationMachine>(
    'operation',
    id,
    { steps: STEPS[type], meta },
    request.scenario,
  )
  return reply(ctx, id, 202)
}

const encodeCursor = (index: number) => Buffer.from(`o:${index}`).toString('base64url')
const decodeCursor = (cursor: string) => {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? Number(match[1]) : fail(errors.badCursor())
}

/** Akua's routes, by operationId. */
export const routes: Record<string, Route> = {
  'operations.list': (request, ctx) => {
    const { query } = request
    if ((query.owner_type === undefined) !== (query.owner_id === undefined))
      fail(errors.ownerPair())
    const workspace = workspaceOf(request)
    const all = operations(ctx).all()
    // Newest first; the cursor is the creation index below which the next page starts.
    const before = query.cursor === undefined ? all.length : decodeCursor(String(query.cursor))
    const limit = Number(query.limit ?? 50)
    const page: string[] = []
    let index = before - 1
    for (; index >= 0 && page.length <= limit; index--) {
      const job = all[index]!
      const { meta } = job.context
      if (meta.workspaceId !== workspace) continue
      if (
        query.owner_type !== undefined &&
        (meta.ownerType !== query.owner_type || meta.ownerId !== query.owner_id)
      )
        continue
      page.push(job.id)
    }
    const hasMore = page.length > limit
    const data = page
      .slice(0, limit)
      .map((id) => presentOperation(operations(ctx).get(id)!, { steps: false }))
    const last = page[limit - 1]
    const next = hasMore && last ? encodeCursor(all.findIndex((job) => job.id === last)) : null
    return { status: 200, body: { data, has_more: hasMore, next_cursor: next } }
  },

  'operations.get': (request, ctx) => reply(ctx, operationOf(ctx, request).id),

  'operations.wait': async (request, ctx) => {
    const job = operationOf(ctx, request)
    const seconds = Number(request.query.timeout ?? 30)
    await waitForJob(
      operations(ctx),
      job.id,
      (j) => j.done,
      ctx.clock,
      seconds * 1000,
      request.signal,
    )
    return reply(ctx, job.id)
  },

  'operations.cancel': (request, ctx) => {
    const job = operationOf(ctx, request)
    return once(ctx, request, `cancel ${job.id}`, () => {
      const expected = request.header('if-match')?.replace(/^W\//, '').replace(/^"|"$/g, '')
      if (expected !== undefined && expected !== etagOf(job)) fail(errors.aborted(etagOf(job)))
      if (job.done) fail(errors.alreadyDone(job.state))
      operations(ctx).send(job.id, { type: 'cancel' })
      return reply(ctx, job.id, 202)
    })
  },

  'clusters.create': (request, ctx) => {
    const body = request.body as { name: string; region_id: string; network_profile?: string }
    return once(ctx, request, `create ${JSON.stringify(body)}`, () => {
      if (!(fixtures.regionIds as readonly string[]).includes(body.region_id))
        fail(errors.unknownRegion([...fixtures.regionIds]))
      const clusterId = `clu_${ctx.ids.token(12)}`
      clusters(ctx).put(clusterId, {
        id: clusterId,
        workspaceId: workspaceOf(request),
        name: body.name,
      })
      return start(ctx, request, 'cluster.create', clusterId, {
        workspace_id: workspaceOf(request),
        region_id: body.region_id,
        name: body.name,
      })
    })
  },

  'clusters.delete': (request, ctx) => {
    const clusterId = String(request.path.id)
    return once(ctx, request, `delete ${clusterId}`, () => {
      const cluster = clusters(ctx).get(clusterId)
      if (!cluster || cluster.workspaceId !== workspaceOf(request)) fail(errors.notFound())
      return start(ctx, request, 'cluster.delete', clusterId, { cluster_id: clusterId })
    })
  },
}
