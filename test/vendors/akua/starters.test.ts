import { beforeAll, describe, expect, test } from 'vitest'
import { STARTERS } from '../../../src/vendors/akua/starters/index.js'
import { akua, warmUp } from './akua.case.js'
import { CASES, expectResource, operationOf, start, type Operation } from './starters.case.js'

beforeAll(warmUp, 120_000)

describe('akua: every endpoint that answers with an Operation', () => {
  test('the cases cover every starter of the table', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual(Object.keys(STARTERS).sort())
    for (const c of CASES) expect(STARTERS[c.id]!.type, c.id).toBe(c.type)
  })

  test.each(CASES)(
    '$id: 202, RUNNING on the clock, then SUCCEEDED; the resource after',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const answer = await start(a, c)
      expect(answer.status).toBe(202)
      const op = await operationOf(a, answer.body)
      expect(op).toMatchObject({
        state: 'RUNNING',
        done: false,
        response: null,
        metadata: { type: c.type },
      })
      const path = await c.resource(a, op)
      if (c.during) await expectResource(a, path, c.during)
      if (c.busy) {
        const again = await start(a, c)
        expect(again).toMatchObject({
          status: 409,
          body: { errors: [{ code: 7011, metadata: { operation_id: op.id } }] },
        })
      }
      a.advance('30s')
      expect((await a.get(`/operations/${op.id}`)).body.state).toBe('RUNNING')
      a.advance('10m')
      const done = (await a.get(`/operations/${op.id}`)).body
      expect(done).toMatchObject({ state: 'SUCCEEDED', done: true, error: null })
      if (done.response !== null) expect(done.response.type).toBe(c.type)
      await expectResource(a, path, c.after)
      const owned = `/operations?owner_type=${op.owner_type}&owner_id=${op.owner_id}`
      expect((await a.get(owned)).body.data.map((o: Operation) => o.id)).toContain(op.id)
    },
  )

  test.each(CASES)(
    '$id: a cancel drains the current step; the resource as the cancel leaves it',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const op = await operationOf(a, (await start(a, c)).body)
      const path = await c.resource(a, op)
      a.advance('5s')
      expect((await a.call('POST', `/operations/${op.id}:cancel`)).status).toBe(202)
      a.advance('10m')
      const cancelled = (await a.get(`/operations/${op.id}`)).body
      expect(cancelled).toMatchObject({
        state: 'CANCELLED',
        response: null,
        error: { message: 'Operation was cancelled' },
      })
      await expectResource(a, path, c.cancelled)
      // The resource is free again: a new operation may start on it (where it still exists).
      if (c.busy && !c.once && c.cancelled !== 'gone' && !c.prepare)
        expect((await start(a, c)).status).toBe(202)
    },
  )

  test.each(CASES.filter((c) => c.ifMatch))(
    '$id: without if-match, or with a stale one, 409 ABORTED and nothing starts',
    async (c) => {
      const a = await akua()
      await c.prepare?.(a)
      const headers: Record<string, string> = c.key ? { 'idempotency-key': 'k' } : {}
      const send = (more: Record<string, string>) =>
        a.call(c.method, c.path(a.f), { headers: { ...headers, ...more }, body: c.body?.(a.f) })
      const missing = await send({})
      expect(missing).toMatchObject({ status: 409, body: { errors: [{ code: 7004 }] } })
      const etag = await a.etag(c.ifMatch!(a.f))
      const stale = await send({ 'if-match': 'Wzk5OV0=', 'idempotency-key': 'k2' })
      expect(stale).toMatchObject({
        status: 409,
        body: { errors: [{ code: 7004, metadata: { etag } }] },
      })
      expect(stale.body.errors[0].message).toMatch(/^ABORTED/)
      expect(await a.etag(c.ifMatch!(a.f))).toBe(etag)
    },
  )
})
