import type { JobTable } from '../../core/jobs.js'
import { waitForJob } from '../../core/wait.js'
import type { Reply, Route, RouteRequest, VendorEnv } from '../../vendor/types.js'
import type { AkuaPrincipal } from './auth.js'
import { errors, fail } from './errors.js'
import { fixtures } from './fixtures.js'
import type { operationMachine } from './machine.js'
import { etagOf, presentOperation, type OperationMeta } from './present.js'
import { profileOf } from './scenario.js'
import { STEPS } from './steps.js'

export interface AkuaState {
  env: VendorEnv
  operations: JobTable<typeof operationMachine>
  meta: Map<string, OperationMeta>
  clusters: Map<string, { workspaceId: string; name: string }>
  /** Answers already given, by workspace and idempotency key, with what was asked. */
  idempotency: Map<string, { fingerprint: string; reply: Reply }>
}

const workspaceOf = (request: RouteRequest) => (request.principal as AkuaPrincipal).workspaceId

function operationOf(state: AkuaState, request: RouteRequest) {
  const raw = String(request.path.id)
  const job = state.operations.get(raw.startsWith('op_') ? raw : `op_${raw}`) ?? fail(errors.notFound())
  if (state.meta.get(job.id)!.workspaceId !== workspaceOf(request)) fail(errors.otherWorkspace())
  return job
}

const reply = (state: AkuaState, id: string, status = 200): Reply => {
  const job = state.operations.get(id)!
  return { status, body: presentOperation(job, state.meta.get(id)!), headers: { etag: etagOf(job) }, state: job.done ? job.state : 'RUNNING' }
}

/** Runs `act` once per idempotency key: a repeat gets the same answer; another request with it, 409. */
function once(state: AkuaState, request: RouteRequest, fingerprint: string, act: () => Reply): Reply {
  const key = request.header('idempotency-key')
  if (!key) return act()
  const slot = `${workspaceOf(request)} ${key}`
  const seen = state.idempotency.get(slot)
  if (seen) return seen.fingerprint === fingerprint ? seen.reply : fail(errors.keyReused())
  const answer = act()
  state.idempotency.set(slot, { fingerprint, reply: answer })
  return answer
}

function start(state: AkuaState, request: RouteRequest, type: 'cluster.create' | 'cluster.delete', clusterId: string, metadata: Record<string, unknown>): Reply {
  const steps = STEPS[type]
  const id = `op_${state.env.ids.token(16)}`
  state.meta.set(id, {
    workspaceId: workspaceOf(request),
    organizationId: fixtures.organizationId,
    ownerType: 'cluster',
    ownerId: clusterId,
    metadata: { type, ...metadata },
    response: { type, cluster_id: clusterId },
  })
  state.operations.start(id, { steps, profile: profileOf(request.scenario, steps.length) }, request.scenario.timeline)
  return reply(state, id, 202)
}

const encodeCursor = (index: number) => Buffer.from(`o:${index}`).toString('base64url')
const decodeCursor = (cursor: string) => {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? Number(match[1]) : fail(errors.badCursor())
}

/** Akua's routes, by operationId. */
export function akuaRoutes(state: AkuaState): Record<string, Route> {
  const { operations, env } = state
  return {
    'operations.list': (request) => {
      const { query } = request
      if ((query.owner_type === undefined) !== (query.owner_id === undefined)) fail(errors.ownerPair())
      const workspace = workspaceOf(request)
      const all = operations.all()
      // Newest first; the cursor is the creation index below which the next page starts.
      const before = query.cursor === undefined ? all.length : decodeCursor(String(query.cursor))
      const limit = Number(query.limit ?? 50)
      const page: string[] = []
      let index = before - 1
      for (; index >= 0 && page.length <= limit; index--) {
        const job = all[index]!
        const meta = state.meta.get(job.id)!
        if (meta.workspaceId !== workspace) continue
        if (query.owner_type !== undefined && (meta.ownerType !== query.owner_type || meta.ownerId !== query.owner_id)) continue
        page.push(job.id)
      }
      const hasMore = page.length > limit
      const data = page.slice(0, limit).map((id) => presentOperation(operations.get(id)!, state.meta.get(id)!, { steps: false }))
      const last = page[limit - 1]
      const next = hasMore && last ? encodeCursor(all.findIndex((job) => job.id === last)) : null
      return { status: 200, body: { data, has_more: hasMore, next_cursor: next } }
    },

    'operations.get': (request) => reply(state, operationOf(state, request).id),

    'operations.wait': async (request) => {
      const job = operationOf(state, request)
      const seconds = Number(request.query.timeout ?? 30)
      await waitForJob(operations, job.id, (j) => j.done, env.clock, seconds * 1000, request.signal)
      return reply(state, job.id)
    },

    'operations.cancel': (request) => {
      const job = operationOf(state, request)
      return once(state, request, `cancel ${job.id}`, () => {
        const expected = request.header('if-match')?.replace(/^W\//, '').replace(/^"|"$/g, '')
        if (expected !== undefined && expected !== etagOf(job)) fail(errors.aborted(etagOf(job)))
        if (job.done) fail(errors.alreadyDone(job.state))
        operations.send(job.id, { type: 'cancel' })
        return reply(state, job.id, 202)
      })
    },

    'clusters.create': (request) => {
      const body = request.body as { name: string; region_id: string; network_profile?: string }
      return once(state, request, `create ${JSON.stringify(body)}`, () => {
        if (!(fixtures.regionIds as readonly string[]).includes(body.region_id)) fail(errors.unknownRegion([...fixtures.regionIds]))
        const clusterId = `clu_${env.ids.token(12)}`
        state.clusters.set(clusterId, { workspaceId: workspaceOf(request), name: body.name })
        return start(state, request, 'cluster.create', clusterId, { workspace_id: workspaceOf(request), region_id: body.region_id, name: body.name })
      })
    },

    'clusters.delete': (request) => {
      const clusterId = String(request.path.id)
      return once(state, request, `delete ${clusterId}`, () => {
        const cluster = state.clusters.get(clusterId)
        if (!cluster || cluster.workspaceId !== workspaceOf(request)) fail(errors.notFound())
        return start(state, request, 'cluster.delete', clusterId, { cluster_id: clusterId })
      })
    },
  }
}
