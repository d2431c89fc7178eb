import { randomUUID } from 'node:crypto'
import { seenAs, type Plan, type Seen } from '../../verify/plan.js'

// A cache's status is its running execution's, else its latest one's: the job is the cache.
function cacheStatus(answer: unknown): Seen[] {
  type Execution = { error?: unknown } | undefined
  const body = (answer ?? {}) as {
    id?: unknown
    status?: unknown
    lastIncrementalCacheExecution?: Execution
    lastFullRefreshCacheExecution?: Execution
  }
  if (typeof body.status !== 'string' || body.id === undefined) return []
  const { lastIncrementalCacheExecution: incremental, lastFullRefreshCacheExecution: full } = body
  return [seenAs(body.id, body.status, incremental?.error ?? full?.error)]
}

const CACHE = '/data/projects/{projectId}/cache'

/**
 * Peaka caches (BEHAVIOUR.md §1): creating a cache with an incremental schedule starts its first
 * incremental sync; read its status, cancel the incremental sync (404 once none runs), and delete
 * the cache it created at the end.
 */
export const plan: Plan = {
  vendor: 'peaka',
  kind: 'execution',
  needs: {
    apiKey: {
      flag: 'api-key',
      env: 'PEAKA_API_KEY',
      about: 'a partner or project key (Bearer)',
      secret: true,
    },
    projectId: { flag: 'project', env: 'PEAKA_PROJECT_ID', about: 'the project of the table' },
    table: {
      flag: 'table',
      env: 'PEAKA_TABLE',
      about: 'a table with no cache yet, as catalogId/schemaName/tableName',
      writesOnly: true,
    },
  },
  auth: (v) => ({ authorization: `Bearer ${v.apiKey}` }),
  start: {
    operation: 'createCache',
    method: 'POST',
    path: CACHE,
    body: (v) => {
      const [catalogId, schemaName, tableName] = (
        v.table ?? '{catalogId}/{schemaName}/{tableName}'
      ).split('/')
      const incrementalCacheSchedule = { type: 'BASIC', expression: 'PT6H' }
      return { catalogId, schemaName, tableName, incrementalCacheSchedule }
    },
    effect: 'write',
    id: (answer) => (answer as { id?: string } | undefined)?.id,
  },
  poll: {
    operation: 'getCacheStatus',
    method: 'GET',
    path: `${CACHE}/{cacheId}/status`,
    query: { excludeLogs: 'true' },
    job: 'cacheId',
    effect: 'read',
  },
  cancel: {
    operation: 'cancelIncrementalCache',
    method: 'POST',
    path: `${CACHE}/{cacheId}/cancelIncrementalUpdate`,
    job: 'cacheId',
    effect: 'write',
  },
  missing: [
    {
      operation: 'getCacheStatus',
      method: 'GET',
      path: `${CACHE}/{cacheId}/status`,
      job: 'cacheId',
      effect: 'probe',
    },
    {
      operation: 'cancelIncrementalCache',
      method: 'POST',
      path: `${CACHE}/{cacheId}/cancelIncrementalUpdate`,
      job: 'cacheId',
      effect: 'probe',
    },
  ],
  cleanup: {
    operation: 'deleteCache',
    method: 'DELETE',
    path: `${CACHE}/{cacheId}`,
    job: 'cacheId',
    effect: 'write',
  },
  freshId: randomUUID,
  seen: cacheStatus,
  status: { start: 200, poll: 200, cancel: 200, refusal: 404, missing: 404 },
  states: { cancelable: ['RUNNING'], cancelled: ['CANCELLED'], completed: ['COMPLETED'] },
  leaves:
    'each start creates a cache of the table, deleted again at the end of its lifecycle (what a sync cached goes with it)',
  delays: [
    { delay: 'incremental', from: 'RUNNING', to: ['COMPLETED', 'FAILED'] },
    { delay: 'cancelAck', from: 'cancel', to: ['CANCELLED'] },
  ],
}
