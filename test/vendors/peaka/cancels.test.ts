import { describe, expect, test } from 'vitest'
import { runLifecycle, type CommonState } from '../lifecycle.case.js'
import { peakaCache as peaka } from './peaka.case.js'

runLifecycle({
  vendor: 'peaka',
  accepted: 200,
  refusal: 404,
  longEnough: '10m',
  skip: {
    cancelling: 'Peaka shows RUNNING until the workflow acts on the signal (tested below)',
    'pending-cancel': 'Peaka executions have no pending state',
  },
  async setup() {
    const p = await peaka()
    return {
      start: async () =>
        (
          await p.create({
            ...p.orders,
            incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' },
          })
        ).body.id,
      poll: async (id) => (await p.status(id)).body.status as CommonState,
      cancel: async (id) => (await p.post(id, 'cancelIncrementalUpdate')).status,
      advance: (by) => void p.fake.clock.advance(by),
    }
  },
})

describe('peaka: cancels', () => {
  test('200 with an empty body only while that mode runs; 404 otherwise', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    const wrongMode = await p.post(id, 'cancelIncrementalUpdate')
    expect(wrongMode).toMatchObject({ status: 404, body: { errorCode: 105 } })
    const ok = await p.post(id, 'cancelFullRefreshUpdate')
    expect(ok.status).toBe(200)
    expect(ok.body).toBeUndefined()
    p.fake.clock.advance('5s')
    expect((await p.status(id)).body.lastFullRefreshCacheExecution.status).toBe('CANCELLED')
    expect((await p.post(id, 'cancelFullRefreshUpdate')).status).toBe(404)
    expect(
      (await p.post('00000000-0000-4000-8000-000000000000', 'cancelFullRefreshUpdate')).body
        .errorCode,
    ).toBe(104)
  })

  test('a cancelled incremental keeps the rows it synced; a cancelled full refresh keeps the previous data', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    p.fake.clock.advance('5m')
    const loaded = (await p.status(id)).body.lastFullRefreshCacheExecution.progress
      .numberOfCachedRecords
    expect(loaded).toBe(180 * 40)
    await p.post(id, 'incrementalUpdate')
    p.fake.clock.advance('10s')
    await p.post(id, 'cancelIncrementalUpdate')
    p.fake.clock.advance('5s')
    const incremental = (await p.status(id)).body.lastIncrementalCacheExecution
    expect(incremental.status).toBe('CANCELLED')
    expect(incremental.progress.numberOfCachedRecords).toBe(loaded + 15 * 40 - 15)
    await p.post(id, 'fullRefreshUpdate')
    p.fake.clock.advance('30s')
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('5s')
    const full = (await p.status(id)).body.lastFullRefreshCacheExecution
    expect(full.status).toBe('CANCELLED')
    expect(full.progress.numberOfCachedRecords).toBe(incremental.progress.numberOfCachedRecords)
    expect(full.progress.numberOfInsertedRecords).toBe(35 * 40)
  })

  test('after a cancel either sync can be triggered again', async () => {
    const p = await peaka()
    const { id } = (await p.create()).body
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('5s')
    expect((await p.post(id, 'incrementalUpdate')).body.workflow).toMatchObject({
      executionMode: 'INCREMENTAL',
      queued: false,
    })
    expect((await p.post(id, 'fullRefreshUpdate')).body.workflow).toMatchObject({
      executionMode: 'FULL_REFRESH',
      queued: false,
    })
    expect((await p.status(id)).body.status).toBe('RUNNING')
  })

  test('finishes-despite-cancel: the execution ends COMPLETED after a 200', async () => {
    const p = await peaka()
    const { id } = (
      await p.create({ ...p.orders }, { 'x-jobfake-scenario': 'finishes-despite-cancel' })
    ).body
    expect((await p.post(id, 'cancelFullRefreshUpdate')).status).toBe(200)
    p.fake.clock.advance('5s')
    expect((await p.status(id)).body.lastFullRefreshCacheExecution.status).toBe('COMPLETED')
  })

  test('slow-cancel: RUNNING for 40 s after the signal', async () => {
    const p = await peaka({ scenario: ['peaka/slow-cancel'] })
    const { id } = (await p.create()).body
    await p.post(id, 'cancelFullRefreshUpdate')
    p.fake.clock.advance('39s')
    expect((await p.status(id)).body.status).toBe('RUNNING')
    p.fake.clock.advance('1s')
    expect((await p.status(id)).body.status).toBe('CANCELLED')
  })
})
