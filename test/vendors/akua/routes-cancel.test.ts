import { beforeAll, describe, expect, test } from 'vitest'
import { warmUp } from './akua.case.js'
import { akua } from './routes.case.js'

beforeAll(warmUp, 120_000)

// Every answer below is checked against specs/akua.yaml and against Akua's own document.

describe('akua: cancel', () => {
  test('202 with the operation still RUNNING; the current step drains, then CANCELLED with error and completed_at', async () => {
    const a = await akua()
    const { id, started_at } = (await a.create()).body
    a.fake.clock.advance('30s')
    const accepted = await a.cancel(id)
    expect(accepted.status).toBe(202)
    expect(accepted.body).toMatchObject({ state: 'RUNNING', done: false })
    a.fake.clock.advance('9s')
    expect((await a.get(id)).body.state).toBe('RUNNING')
    a.fake.clock.advance('1s')
    const cancelled = (await a.get(id)).body
    expect(cancelled).toMatchObject({
      state: 'CANCELLED',
      done: true,
      response: null,
      error: { message: 'Operation was cancelled' },
      completed_at: started_at + 40,
    })
    expect(cancelled.steps.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'skipped',
      'skipped',
      'skipped',
    ])
  })

  test('422 once terminal; 404 unknown; 403 for another workspace', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    a.fake.clock.advance('10m')
    expect((await a.cancel(id)).body.errors[0]).toMatchObject({ code: 7006 })
    expect((await a.cancel(id)).status).toBe(422)
    expect((await a.cancel('op_unknown')).status).toBe(404)
    const broad = {
      authorization: `Bearer ${a.f.broadToken}`,
      'akua-context': a.f.otherWorkspaceId,
    }
    const theirs = (
      await a.call('POST', '/clusters', {
        headers: broad,
        body: { name: 'x', region_id: a.f.regionIds[1] },
      })
    ).body.id
    expect(await a.cancel(theirs)).toMatchObject({
      status: 403,
      body: { errors: [{ code: 7003 }] },
    })
    expect((await a.get(theirs)).status).toBe(403)
  })

  test('slow-drain: the cancel lands once three steps are drained (the current one and two more)', async () => {
    const a = await akua({ scenario: ['akua/slow-drain'] })
    const { id } = (await a.create()).body
    a.fake.clock.advance('5s')
    await a.cancel(id)
    a.fake.clock.advance('50s')
    expect((await a.get(id)).body.state).toBe('RUNNING')
    a.fake.clock.advance('5s')
    expect((await a.get(id)).body.state).toBe('CANCELLED')
  })
})

describe('akua: idempotency-key and if-match', () => {
  test('a repeated cancel with the same key answers the same without acting twice; another request with it is 409', async () => {
    const a = await akua()
    const first = (await a.create()).body.id
    const second = (await a.create()).body.id
    const once = await a.cancel(first, { 'idempotency-key': 'k1' })
    a.fake.clock.advance('25s')
    const again = await a.cancel(first, { 'idempotency-key': 'k1' })
    expect(again.status).toBe(202)
    expect(again.body).toEqual(once.body)
    expect(again.headers.etag).toBe(once.headers.etag)
    expect((await a.get(first)).body.state).toBe('CANCELLED')
    const reused = await a.cancel(second, { 'idempotency-key': 'k1' })
    expect(reused).toMatchObject({ status: 409, body: { errors: [{ code: 7005 }] } })
  })

  test('a repeated create with the same key starts one operation only', async () => {
    const a = await akua()
    const one = await a.create({ 'idempotency-key': 'create-1' })
    const two = await a.create({ 'idempotency-key': 'create-1' })
    expect(two.body.id).toBe(one.body.id)
    expect(a.fake.jobs('akua')).toHaveLength(1)
    expect(
      (
        await a.create(
          { 'idempotency-key': 'create-1' },
          { name: 'other', region_id: a.f.regionIds[0] },
        )
      ).status,
    ).toBe(409)
  })

  test('every operation carries an ETag; a stale if-match is 409 ABORTED with the current etag', async () => {
    const a = await akua()
    const created = await a.create()
    const etag = created.headers.etag
    expect(etag).toBeTruthy()
    a.fake.clock.advance('20s')
    const current = (await a.get(created.body.id)).headers.etag
    expect(current).not.toBe(etag)
    const stale = await a.cancel(created.body.id, { 'if-match': etag! })
    expect(stale).toMatchObject({
      status: 409,
      body: { errors: [{ code: 7004, metadata: { etag: current } }] },
    })
    expect(stale.body.errors[0].message).toMatch(/^ABORTED/)
    expect((await a.cancel(created.body.id, { 'if-match': `"${current}"` })).status).toBe(202)
  })

  test('a cancel that changes nothing does not move the ETag', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    const first = await a.cancel(id)
    const again = await a.cancel(id, { 'if-match': first.headers.etag! })
    expect(again).toMatchObject({ status: 202, body: { state: 'RUNNING' } })
    expect(again.headers.etag).toBe(first.headers.etag)
    expect((await a.get(id)).headers.etag).toBe(first.headers.etag)
  })
})
