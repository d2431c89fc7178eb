import { parseDuration } from '../../core/duration.js'
import { fail } from '../../vendor/errors.js'
import type { Route, RouteRequest, VendorContext } from '../../vendor/types.js'
import {
  caches,
  executions,
  log,
  presentCache,
  presentStatus,
  running,
  trigger,
  type CacheRecord,
  type Schedule,
} from './caches.js'
import { nameOf, tableOf, type TableName } from './catalogs.js'
import { errors } from './errors.js'
import type { ExecutionMode } from './machine.js'
import { presentExecution } from './present.js'

/** The vendor's CacheSettingsUpdateRequest: only the schedules change after creation. */
type Schedules = {
  incrementalCacheSchedule?: Schedule
  fullRefreshCacheSchedule?: Schedule
}

type CacheRequest = TableName & Schedules

const active = (s?: Schedule) => s !== undefined && s.type === 'BASIC'

function checkSchedules(request: Schedules) {
  for (const which of ['incrementalCacheSchedule', 'fullRefreshCacheSchedule'] as const) {
    const schedule = request[which]
    if (
      active(schedule) &&
      (!schedule!.expression?.startsWith('P') || parseDuration(schedule!.expression) === undefined)
    ) {
      fail(errors.badSchedule(which))
    }
  }
}

function cacheOf(ctx: VendorContext, request: RouteRequest): CacheRecord {
  const cache = caches(ctx).get(String(request.path.cacheId))
  if (!cache || cache.projectId !== request.path.projectId) fail(errors.cacheNotFound())
  return cache
}

/**
 * Creates a cache and starts its first sync: full refresh if scheduled, else incremental if
 * scheduled, else a full load.
 */
function create(ctx: VendorContext, request: RouteRequest, body: CacheRequest) {
  const projectId = String(request.path.projectId)
  const table = tableOf(projectId, body)
  if (!table) fail(errors.unknownTable(nameOf(body)))
  if (!table.cacheable) fail(errors.notCacheable(nameOf(body)))
  checkSchedules(body)
  if (caches(ctx).find((c) => c.projectId === projectId && nameOf(c) === nameOf(body)))
    fail(errors.exists(nameOf(body)))
  const cache: CacheRecord = {
    id: ctx.ids.uuid(),
    projectId,
    catalogId: body.catalogId,
    schemaName: body.schemaName,
    tableName: body.tableName,
    incrementalCacheSchedule: body.incrementalCacheSchedule,
    fullRefreshCacheSchedule: body.fullRefreshCacheSchedule,
    records: 0,
    executions: [],
    last: {},
    queued: {},
    logs: [],
  }
  caches(ctx).put(cache.id, cache)
  const mode: ExecutionMode = active(body.fullRefreshCacheSchedule)
    ? 'FULL_REFRESH'
    : active(body.incrementalCacheSchedule)
      ? 'INCREMENTAL'
      : 'FULL_REFRESH'
  trigger(ctx, cache, mode, request.scenario, 'CREATE')
  return cache
}

const statuses = (
  ctx: VendorContext,
  request: RouteRequest,
  keep: (c: CacheRecord) => boolean,
) => ({
  status: 200,
  body: caches(ctx)
    .all()
    .filter((c) => c.projectId === request.path.projectId && keep(c))
    .map((c) => presentStatus(ctx, c, request.query.excludeLogs === true)),
})

/** The vendor declares an object of objects: the trigger's outcome is one, under `workflow`. */
function triggered(ctx: VendorContext, request: RouteRequest, mode: ExecutionMode) {
  const cache = cacheOf(ctx, request)
  const queued = trigger(ctx, cache, mode, request.scenario)
  const message = queued ? 'Queued behind the running sync' : 'Sync started'
  const started = queued ? {} : { executionId: cache.last[mode] }
  return {
    status: 200,
    body: { workflow: { cacheId: cache.id, executionMode: mode, queued, ...started, message } },
  }
}

function cancel(ctx: VendorContext, request: RouteRequest, mode: ExecutionMode) {
  const cache = cacheOf(ctx, request)
  const id = running(ctx, cache, mode) ?? fail(errors.noRunningWorkflow(mode))
  executions(ctx).send(id, { type: 'cancel' })
  log(ctx, cache, 'CANCEL', mode, 'Cancellation signal sent')
  return { status: 200 }
}

/** Peaka's cache routes, by operationId. */
export const routes: Record<string, Route> = {
  createCache: (request, ctx) => ({
    status: 200,
    body: presentCache(create(ctx, request, request.body as CacheRequest)),
  }),
  createBatchCache: (request, ctx) => ({
    status: 200,
    body: (request.body as CacheRequest[]).map((body) => {
      try {
        return { success: true, cache: presentCache(create(ctx, request, body)) }
      } catch (error) {
        const reply = (error as { reply?: { body?: { message?: string } } }).reply
        if (!reply) throw error
        return { success: false, error: reply.body?.message ?? 'Cache could not be created' }
      }
    }),
  }),
  getCacheStatusByProject: (request, ctx) => statuses(ctx, request, () => true),
  getCacheStatusByCatalog: (request, ctx) =>
    statuses(ctx, request, (c) => c.catalogId === request.path.catalogId),
  getCacheStatusBySchema: (request, ctx) =>
    statuses(
      ctx,
      request,
      (c) => c.catalogId === request.path.catalogId && c.schemaName === request.path.schemaName,
    ),
  getCacheSettings: (request, ctx) => ({ status: 200, body: presentCache(cacheOf(ctx, request)) }),
  updateCacheSettings: (request, ctx) => {
    const cache = cacheOf(ctx, request)
    // The table a cache keeps is fixed at creation: anything but the schedules is ignored.
    const body = request.body as Schedules
    checkSchedules(body)
    cache.incrementalCacheSchedule = body.incrementalCacheSchedule ?? cache.incrementalCacheSchedule
    cache.fullRefreshCacheSchedule = body.fullRefreshCacheSchedule ?? cache.fullRefreshCacheSchedule
    caches(ctx).put(cache.id, cache)
    return { status: 200, body: presentCache(cache) }
  },
  deleteCache: (request, ctx) => {
    const cache = cacheOf(ctx, request)
    // Running workflows are cancelled, and the data and history go with the cache.
    caches(ctx).remove(cache.id)
    for (const id of cache.executions) executions(ctx).remove(id)
    return { status: 200, body: presentCache(cache) }
  },
  getCacheStatus: (request, ctx) => ({
    status: 200,
    body: presentStatus(ctx, cacheOf(ctx, request), request.query.excludeLogs === true),
  }),
  getCacheExecutionHistory: (request, ctx) => {
    const cache = cacheOf(ctx, request)
    const offset = Number(request.query.offset ?? 0)
    const page = [...cache.executions]
      .reverse()
      .slice(offset, offset + Number(request.query.limit ?? 10))
    return {
      status: 200,
      body: page.map((id) => presentExecution(executions(ctx).get(id)!, ctx.now())),
    }
  },
  incrementalUpdateCache: (request, ctx) => triggered(ctx, request, 'INCREMENTAL'),
  fullRefreshCache: (request, ctx) => triggered(ctx, request, 'FULL_REFRESH'),
  cancelIncrementalCache: (request, ctx) => cancel(ctx, request, 'INCREMENTAL'),
  cancelFullRefreshCache: (request, ctx) => cancel(ctx, request, 'FULL_REFRESH'),
}
