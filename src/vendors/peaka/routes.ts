import { parseDuration } from '../../core/duration.js'
import type { Route, RouteRequest } from '../../vendor/types.js'
import { log, presentCache, presentStatus, running, trigger, type CacheRecord, type PeakaState, type Schedule } from './caches.js'
import { errors, fail } from './errors.js'
import { fixtures } from './fixtures.js'
import type { ExecutionMode } from './machine.js'
import { presentExecution } from './present.js'

type CacheRequest = {
  catalogId: string
  schemaName: string
  tableName: string
  incrementalCacheSchedule?: Schedule
  fullRefreshCacheSchedule?: Schedule
}

const nameOf = (r: { catalogId: string; schemaName: string; tableName: string }) => `${r.catalogId}.${r.schemaName}.${r.tableName}`
const active = (s?: Schedule) => s !== undefined && s.type === 'BASIC'

function checkSchedules(request: CacheRequest) {
  for (const which of ['incrementalCacheSchedule', 'fullRefreshCacheSchedule'] as const) {
    const schedule = request[which]
    if (active(schedule) && (!schedule!.expression?.startsWith('P') || parseDuration(schedule!.expression) === undefined)) {
      fail(errors.badSchedule(which))
    }
  }
}

function cacheOf(state: PeakaState, request: RouteRequest): CacheRecord {
  const cache = state.caches.get(String(request.path.cacheId))
  if (!cache || cache.projectId !== request.path.projectId) fail(errors.cacheNotFound())
  return cache
}

/** Creates a cache and starts its first sync: full refresh if scheduled, else incremental if scheduled, else a full load. */
function create(state: PeakaState, request: RouteRequest, body: CacheRequest) {
  const projectId = String(request.path.projectId)
  const table = fixtures.tables.find((t) => t.projectId === projectId && nameOf(t) === nameOf(body))
  if (!table) fail(errors.unknownTable(nameOf(body)))
  if (!table.cacheable) fail(errors.notCacheable(nameOf(body)))
  checkSchedules(body)
  if ([...state.caches.values()].some((c) => c.projectId === projectId && nameOf(c) === nameOf(body))) fail(errors.exists(nameOf(body)))
  const cache: CacheRecord = {
    id: state.env.ids.uuid(),
    projectId,
    catalogId: body.catalogId,
    schemaName: body.schemaName,
    tableName: body.tableName,
    incrementalCacheSchedule: body.incrementalCacheSchedule,
    fullRefreshCacheSchedule: body.fullRefreshCacheSchedule,
    records: 0,
    executions: [],
    last: {},
    queued: new Map(),
    logs: [],
  }
  state.caches.set(cache.id, cache)
  const mode: ExecutionMode = active(body.fullRefreshCacheSchedule) ? 'FULL_REFRESH' : active(body.incrementalCacheSchedule) ? 'INCREMENTAL' : 'FULL_REFRESH'
  trigger(state, cache, mode, request.scenario, 'CREATE')
  return cache
}

const statuses = (state: PeakaState, request: RouteRequest, keep: (c: CacheRecord) => boolean) => ({
  status: 200,
  body: [...state.caches.values()]
    .filter((c) => c.projectId === request.path.projectId && keep(c))
    .map((c) => presentStatus(state, c, request.query.excludeLogs === true)),
})

function triggered(state: PeakaState, request: RouteRequest, mode: ExecutionMode) {
  const cache = cacheOf(state, request)
  const queued = trigger(state, cache, mode, request.scenario)
  const job = state.executions.get(cache.last[mode]!)!
  const message = queued ? 'Queued behind the running sync' : 'Sync started'
  return { status: 200, body: { cacheId: cache.id, executionMode: mode, queued, message }, state: job.state }
}

function cancel(state: PeakaState, request: RouteRequest, mode: ExecutionMode) {
  const cache = cacheOf(state, request)
  const id = running(state, cache, mode) ?? fail(errors.noRunningWorkflow(mode))
  state.executions.send(id, { type: 'cancel' })
  log(state, cache, 'CANCEL', mode, 'Cancellation signal sent')
  return { status: 200, state: 'RUNNING' }
}

/** Peaka's cache routes, by operationId. */
export function peakaRoutes(state: PeakaState): Record<string, Route> {
  return {
    createCache: (request) => ({ status: 200, body: presentCache(create(state, request, request.body as CacheRequest)) }),
    createBatchCache: (request) => ({
      status: 200,
      body: (request.body as CacheRequest[]).map((body) => {
        try {
          return { success: true, cache: presentCache(create(state, request, body)) }
        } catch (error) {
          const reply = (error as { reply?: { body?: { message?: string } } }).reply
          if (!reply) throw error
          return { success: false, error: reply.body?.message ?? 'Cache could not be created' }
        }
      }),
    }),
    getCacheStatusByProject: (request) => statuses(state, request, () => true),
    getCacheStatusByCatalog: (request) => statuses(state, request, (c) => c.catalogId === request.path.catalogId),
    getCacheStatusBySchema: (request) =>
      statuses(state, request, (c) => c.catalogId === request.path.catalogId && c.schemaName === request.path.schemaName),
    getCacheSettings: (request) => ({ status: 200, body: presentCache(cacheOf(state, request)) }),
    updateCacheSettings: (request) => {
      const cache = cacheOf(state, request)
      const body = request.body as CacheRequest
      checkSchedules(body)
      cache.incrementalCacheSchedule = body.incrementalCacheSchedule ?? cache.incrementalCacheSchedule
      cache.fullRefreshCacheSchedule = body.fullRefreshCacheSchedule ?? cache.fullRefreshCacheSchedule
      return { status: 200, body: presentCache(cache) }
    },
    deleteCache: (request) => {
      const cache = cacheOf(state, request)
      // Running workflows are cancelled, and the data and history go with the cache.
      state.caches.delete(cache.id)
      for (const id of cache.executions) state.executions.remove(id)
      return { status: 200, body: presentCache(cache) }
    },
    getCacheStatus: (request) => {
      const body = presentStatus(state, cacheOf(state, request), request.query.excludeLogs === true)
      return { status: 200, body, state: body.status }
    },
    getCacheExecutionHistory: (request) => {
      const cache = cacheOf(state, request)
      const offset = Number(request.query.offset ?? 0)
      const now = state.env.clock.now()
      const page = [...cache.executions].reverse().slice(offset, offset + Number(request.query.limit ?? 10))
      return { status: 200, body: page.map((id) => presentExecution(state.executions.get(id)!, now)) }
    },
    incrementalUpdateCache: (request) => triggered(state, request, 'INCREMENTAL'),
    fullRefreshCache: (request) => triggered(state, request, 'FULL_REFRESH'),
    cancelIncrementalCache: (request) => cancel(state, request, 'INCREMENTAL'),
    cancelFullRefreshCache: (request) => cancel(state, request, 'FULL_REFRESH'),
  }
}
