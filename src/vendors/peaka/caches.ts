import type { Scenario } from '../../scenarios/scenario.js'
import { iso } from '../../vendor/time.js'
import type { VendorContext } from '../../vendor/types.js'
import type { ExecutionMode, executionMachine } from './machine.js'
import { presentExecution, progressOf } from './present.js'

export interface Schedule {
  type: 'BASIC' | 'NONE'
  expression?: string
}

export interface ActionLog {
  timestamp: string
  action: 'CREATE' | 'TRIGGER' | 'CANCEL' | 'FINISH'
  message: string
  cacheType: ExecutionMode
  isScheduled: boolean
}

/** A cache: one table kept in sync by executions of two modes. */
export interface CacheRecord {
  id: string
  projectId: string
  catalogId: string
  schemaName: string
  tableName: string
  incrementalCacheSchedule?: Schedule
  fullRefreshCacheSchedule?: Schedule
  /** Rows the cache holds, as of the last finished execution. */
  records: number
  /** Execution ids, oldest first. */
  executions: string[]
  last: Partial<Record<ExecutionMode, string>>
  /** A trigger that arrived while that mode ran, with the name of the scenario it asked for. */
  queued: Partial<Record<ExecutionMode, string>>
  logs: ActionLog[]
}

export const executions = (ctx: VendorContext) => ctx.jobs<typeof executionMachine>('execution')
export const caches = (ctx: VendorContext) => ctx.records<CacheRecord>('cache')

const words = (mode: ExecutionMode) =>
  mode === 'INCREMENTAL' ? 'Incremental sync' : 'Full refresh'

/** Appends an action log and stores the cache. */
export function log(
  ctx: VendorContext,
  cache: CacheRecord,
  action: ActionLog['action'],
  mode: ExecutionMode,
  message: string,
) {
  cache.logs.push({
    timestamp: iso(ctx.now()),
    action,
    message,
    cacheType: mode,
    isScheduled: false,
  })
  caches(ctx).put(cache.id, cache)
}

export const running = (ctx: VendorContext, cache: CacheRecord, mode: ExecutionMode) => {
  const id = cache.last[mode]
  return id !== undefined && executions(ctx).get(id)?.state === 'RUNNING' ? id : undefined
}

/**
 * Starts an execution of `mode`, or queues it behind the one that runs; answers whether it queued.
 */
export function trigger(
  ctx: VendorContext,
  cache: CacheRecord,
  mode: ExecutionMode,
  scenario: Scenario,
  action: 'CREATE' | 'TRIGGER' = 'TRIGGER',
): boolean {
  if (running(ctx, cache, mode)) {
    cache.queued[mode] = scenario.name
    log(ctx, cache, action, mode, `${words(mode)} queued behind the running one`)
    return true
  }
  const id = ctx.ids.uuid()
  cache.executions.push(id)
  cache.last[mode] = id
  ctx.start<typeof executionMachine>(
    'execution',
    id,
    { cacheId: cache.id, mode, baseline: cache.records },
    scenario,
  )
  log(ctx, cache, action, mode, `${words(mode)} started`)
  return false
}

/** When an execution ends: the rows it leaves, its log line, and the queued trigger, if any. */
export function onFinished(ctx: VendorContext, executionId: string): void {
  const job = executions(ctx).get(executionId)!
  const cache = caches(ctx).get(job.context.cacheId)
  if (!cache) return
  cache.records = progressOf(job, ctx.now()).numberOfCachedRecords
  log(
    ctx,
    cache,
    'FINISH',
    job.context.mode,
    `${words(job.context.mode)} ${job.state.toLowerCase()}${job.context.error ? `: ${job.context.error}` : ''}`,
  )
  const next = cache.queued[job.context.mode]
  if (next !== undefined) {
    delete cache.queued[job.context.mode]
    trigger(ctx, cache, job.context.mode, ctx.scenario(next))
  }
}

/**
 * NOT_INITIALIZED, RUNNING when any execution runs, else the status of the most recently finished.
 */
export function statusOf(ctx: VendorContext, cache: CacheRecord): string {
  const jobs = cache.executions.map((id) => executions(ctx).get(id)!)
  if (jobs.length === 0) return 'NOT_INITIALIZED'
  if (jobs.some((job) => job.state === 'RUNNING')) return 'RUNNING'
  return jobs.reduce((latest, job) => (job.updatedAt >= latest.updatedAt ? job : latest)).state
}

/** The fields of a cache that its wire shape (Cache) carries; `appId` is write-only. */
const CACHE_FIELDS = [
  'id',
  'catalogId',
  'schemaName',
  'tableName',
  'incrementalCacheSchedule',
  'fullRefreshCacheSchedule',
  'projectId',
] as const

export function presentCache(cache: CacheRecord) {
  const out: Partial<Pick<CacheRecord, (typeof CACHE_FIELDS)[number]>> = {}
  for (const field of CACHE_FIELDS) (out as Record<string, unknown>)[field] = cache[field]
  return out
}

export function presentStatus(ctx: VendorContext, cache: CacheRecord, excludeLogs: boolean) {
  const now = ctx.now()
  const last = (mode: ExecutionMode) => {
    const id = cache.last[mode]
    return id === undefined ? undefined : presentExecution(executions(ctx).get(id)!, now)
  }
  return {
    id: cache.id,
    status: statusOf(ctx, cache),
    catalogId: cache.catalogId,
    schemaName: cache.schemaName,
    tableName: cache.tableName,
    lastIncrementalCacheExecution: last('INCREMENTAL'),
    lastFullRefreshCacheExecution: last('FULL_REFRESH'),
    cacheActionLogs: excludeLogs ? undefined : cache.logs,
    projectId: cache.projectId,
  }
}
