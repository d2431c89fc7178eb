import type { JobTable } from '../../core/jobs.js'
import type { Scenario } from '../../scenarios/scenario.js'
import type { VendorEnv } from '../../vendor/types.js'
import type { ExecutionMode, executionMachine } from './machine.js'
import { presentExecution, progressOf } from './present.js'
import { profileOf } from './scenario.js'

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
  /** A trigger that arrived while that mode ran, with the scenario it asked for. */
  queued: Map<ExecutionMode, Scenario>
  logs: ActionLog[]
}

export interface PeakaState {
  env: VendorEnv
  executions: JobTable<typeof executionMachine>
  caches: Map<string, CacheRecord>
}

const words = (mode: ExecutionMode) => (mode === 'INCREMENTAL' ? 'Incremental sync' : 'Full refresh')

export function log(state: PeakaState, cache: CacheRecord, action: ActionLog['action'], mode: ExecutionMode, message: string) {
  cache.logs.push({ timestamp: new Date(state.env.clock.now()).toISOString(), action, message, cacheType: mode, isScheduled: false })
}

export const running = (state: PeakaState, cache: CacheRecord, mode: ExecutionMode) => {
  const id = cache.last[mode]
  return id !== undefined && state.executions.get(id)?.state === 'RUNNING' ? id : undefined
}

/** Starts an execution of `mode`, or queues it behind the one that runs; answers whether it queued. */
export function trigger(state: PeakaState, cache: CacheRecord, mode: ExecutionMode, scenario: Scenario, action: 'CREATE' | 'TRIGGER' = 'TRIGGER'): boolean {
  if (running(state, cache, mode)) {
    cache.queued.set(mode, scenario)
    log(state, cache, action, mode, `${words(mode)} queued behind the running one`)
    return true
  }
  const id = state.env.ids.uuid()
  cache.executions.push(id)
  cache.last[mode] = id
  state.executions.start(id, { cacheId: cache.id, mode, baseline: cache.records, profile: profileOf(scenario) }, scenario.timeline)
  log(state, cache, action, mode, `${words(mode)} started`)
  return false
}

/** When an execution ends: the rows it leaves, its log line, and the queued trigger, if any. */
export function onFinished(state: PeakaState, executionId: string): void {
  const job = state.executions.get(executionId)!
  const cache = state.caches.get(job.context.cacheId)
  if (!cache) return
  cache.records = progressOf(job, state.env.clock.now()).numberOfCachedRecords
  log(state, cache, 'FINISH', job.context.mode, `${words(job.context.mode)} ${job.state.toLowerCase()}${job.context.error ? `: ${job.context.error}` : ''}`)
  const next = cache.queued.get(job.context.mode)
  if (next) {
    cache.queued.delete(job.context.mode)
    trigger(state, cache, job.context.mode, next)
  }
}

/** NOT_INITIALIZED, RUNNING when any execution runs, else the status of the most recently finished. */
export function statusOf(state: PeakaState, cache: CacheRecord): string {
  const jobs = cache.executions.map((id) => state.executions.get(id)!)
  if (jobs.length === 0) return 'NOT_INITIALIZED'
  if (jobs.some((job) => job.state === 'RUNNING')) return 'RUNNING'
  return jobs.reduce((latest, job) => (job.updatedAt >= latest.updatedAt ? job : latest)).state
}

export function presentCache(cache: CacheRecord) {
  const { id, catalogId, schemaName, tableName, incrementalCacheSchedule, fullRefreshCacheSchedule, projectId } = cache
  return { id, catalogId, schemaName, tableName, incrementalCacheSchedule, fullRefreshCacheSchedule, projectId }
}

export function presentStatus(state: PeakaState, cache: CacheRecord, excludeLogs: boolean) {
  const now = state.env.clock.now()
  const last = (mode: ExecutionMode) => {
    const id = cache.last[mode]
    return id === undefined ? undefined : presentExecution(state.executions.get(id)!, now)
  }
  return {
    id: cache.id,
    status: statusOf(state, cache),
    catalogId: cache.catalogId,
    schemaName: cache.schemaName,
    tableName: cache.tableName,
    lastIncrementalCacheExecution: last('INCREMENTAL'),
    lastFullRefreshCacheExecution: last('FULL_REFRESH'),
    cacheActionLogs: excludeLogs ? undefined : cache.logs,
    projectId: cache.projectId,
  }
}
