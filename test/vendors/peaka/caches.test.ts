import { describe, expect, test } from 'vitest'
import { createSession } from '../../../src/core/session.js'
import { createCatalog } from '../../../src/scenarios/catalog.js'
import { builtInScenario } from '../../../src/scenarios/scenario.js'
import {
  caches,
  executions,
  statusOf,
  trigger,
  type CacheRecord,
} from '../../../src/vendors/peaka/caches.js'
import { peaka } from '../../../src/vendors/peaka/index.js'

function setup() {
  const catalog = createCatalog({ scenarios: new Map(), problems: [] }, ['peaka'])
  const session = createSession('t', {
    vendors: [peaka],
    catalog,
    clock: { kind: 'manual' },
    start: 0,
    seed: 1,
    journalSize: 10,
  })
  const ctx = session.scope('peaka')
  const cache: CacheRecord = {
    id: 'c1',
    projectId: 'p',
    catalogId: 'c',
    schemaName: 's',
    tableName: 't',
    records: 0,
    executions: [],
    last: {},
    queued: {},
    logs: [],
  }
  caches(ctx).put(cache.id, cache)
  return { clock: session.clock, ctx, cache }
}

describe(statusOf, () => {
  test('NOT_INITIALIZED before anything ran; RUNNING while any runs; then the most recently finished', () => {
    const { clock, ctx, cache } = setup()
    expect(statusOf(ctx, cache)).toBe('NOT_INITIALIZED')
    trigger(ctx, cache, 'FULL_REFRESH', builtInScenario('peaka'))
    clock.advance(10_000)
    trigger(ctx, cache, 'INCREMENTAL', builtInScenario('peaka'))
    expect(statusOf(ctx, cache)).toBe('RUNNING')
    executions(ctx).send(cache.last.INCREMENTAL!, { type: 'fail' })
    expect(statusOf(ctx, cache)).toBe('RUNNING')
    clock.advance(10 * 60_000)
    // The full refresh finished after the failed incremental: it is the most recent.
    expect(statusOf(ctx, cache)).toBe('COMPLETED')
  })
})
