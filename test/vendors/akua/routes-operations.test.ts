import { beforeAll, describe, expect, test } from 'vitest'
import { runLifecycle, type CommonState } from '../lifecycle.case.js'
import { warmUp } from './akua.case.js'
import { akua } from './routes.case.js'

beforeAll(warmUp, 120_000)

// Every answer below is checked against specs/akua.yaml and against Akua's own document.

runLifecycle({
  vendor: 'akua',
  accepted: 202,
  refusal: 422,
  longEnough: '10m',
  skip: {
    cancelling:
      'Akua shows RUNNING with done: false until the current step drains (routes-cancel.test.ts)',
    'pending-cancel': 'Akua operations have no pending state',
  },
  async setup() {
    const a = await akua()
    return {
      start: async () => (await a.create()).body.id,
      poll: async (id) =>
        (a.get(id).then((r) => r.body.state) as Promise<string>).then(
          (s) => (s === 'SUCCEEDED' ? 'COMPLETED' : s) as CommonState,
        ),
      cancel: async (id) => (await a.cancel(id)).status,
      advance: (by) => void a.fake.clock.advance(by),
    }
  },
})

describe('akua: operations', () => {
  test('POST /clusters answers 202 with a RUNNING operation whose steps advance one by one', async () => {
    const a = await akua()
    const created = await a.create()
    expect(created.status).toBe(202)
    const op = created.body
    expect(op).toMatchObject({
      state: 'RUNNING',
      done: false,
      owner_type: 'cluster',
      response: null,
      error: null,
      completed_at: null,
    })
    expect(op.id).toMatch(/^op_/)
    expect(op.owner_id).toMatch(/^clu_/)
    expect(op.metadata).toEqual({
      type: 'cluster.create',
      workspace_id: a.f.workspaceId,
      region_id: a.f.regionIds[0],
      name: 'staging',
    })
    expect(op.steps.map((s: { status: string }) => s.status)).toEqual([
      'running',
      'pending',
      'pending',
      'pending',
      'pending',
    ])
    a.fake.clock.advance('45s')
    const later = (await a.get(op.id)).body
    expect(later.steps.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'running',
      'pending',
      'pending',
    ])
    expect(later.steps[1]).toMatchObject({
      started_at: op.started_at + 20,
      completed_at: op.started_at + 40,
    })
    a.fake.clock.advance('2m')
    const done = (await a.get(op.id)).body
    expect(done).toMatchObject({
      state: 'SUCCEEDED',
      done: true,
      response: { type: 'cluster.create', cluster_id: op.owner_id },
      error: null,
    })
    expect(done.completed_at).toBe(op.started_at + 100)
  })

  test('a bare id is accepted; an unknown one is 404 in the envelope', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    expect((await a.get(id.slice(3))).body.id).toBe(id)
    expect(await a.get('op_nope')).toMatchObject({
      status: 404,
      body: { success: false, errors: [{ code: 7002, message: 'Resource not found' }], result: {} },
    })
  })

  test('an unknown verb after the colon is 404 in the envelope', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    const bogus = await a.call('POST', `/operations/${id}:bogus`)
    expect(bogus).toMatchObject({ status: 404, body: { success: false, errors: [{ code: 7002 }] } })
  })

  test("DELETE /clusters/{id} needs the cluster's etag in if-match: missing or stale 409 ABORTED; then 202 cluster.delete", async () => {
    const a = await akua()
    const path = `/clusters/${a.f.clusterId}`
    const missing = await a.call('DELETE', path)
    expect(missing).toMatchObject({ status: 409, body: { errors: [{ code: 7004 }] } })
    expect(missing.body.errors[0].message).toMatch(/^ABORTED/)
    const etag = await a.etag(path)
    const stale = await a.call('DELETE', path, { headers: { 'if-match': 'Wzk5OV0=' } })
    expect(stale).toMatchObject({
      status: 409,
      body: { errors: [{ code: 7004, metadata: { etag } }] },
    })
    const deleted = await a.call('DELETE', path, { headers: { 'if-match': `"${etag}"` } })
    expect(deleted.status).toBe(202)
    expect(deleted.body.metadata).toEqual({ type: 'cluster.delete', cluster_id: a.f.clusterId })
    const deleting = await a.call('GET', path)
    expect(deleting.body).toMatchObject({ state: 'deleting', reconciling: true })
    a.advance('2m')
    expect((await a.call('GET', path)).status).toBe(404)
    const unknown = await a.call('DELETE', '/clusters/clu_nope', { headers: { 'if-match': etag } })
    expect(unknown.status).toBe(404)
  })

  test('an unknown region is 400 with the path', async () => {
    const a = await akua()
    const bad = await a.create({}, { name: 'x', region_id: 'reg_moon' })
    expect(bad).toMatchObject({
      status: 400,
      body: { errors: [{ code: 7000, path: ['region_id'] }] },
    })
  })
})

describe('akua: list', () => {
  test('newest first without steps; limit with an opaque cursor; owner filters must come together', async () => {
    const a = await akua()
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.push((await a.create()).body.id)
    const first = (await a.call('GET', '/operations?limit=2')).body
    expect(first.data.map((o: { id: string }) => o.id)).toEqual([ids[4], ids[3]])
    expect(first.data[0].steps).toBeUndefined()
    expect(first.has_more).toBe(true)
    const second = (await a.call('GET', `/operations?limit=2&cursor=${first.next_cursor}`)).body
    expect(second.data.map((o: { id: string }) => o.id)).toEqual([ids[2], ids[1]])
    const last = (await a.call('GET', `/operations?limit=2&cursor=${second.next_cursor}`)).body
    expect(last).toMatchObject({ has_more: false, next_cursor: null })
    expect(last.data.map((o: { id: string }) => o.id)).toEqual([ids[0]])
    const one = (await a.call('GET', '/operations?limit=1')).body.data[0]
    const owned = await a.call('GET', `/operations?owner_type=cluster&owner_id=${one.owner_id}`, {
      headers: a.auth,
    })
    expect(owned.body.data.map((o: { id: string }) => o.id)).toEqual([one.id])
    expect((await a.call('GET', '/operations?owner_type=cluster')).status).toBe(400)
    expect((await a.call('GET', '/operations?cursor=garbage')).status).toBe(400)
    expect((await a.call('GET', '/operations?limit=101')).status).toBe(400)
  })
})

describe('akua: auth', () => {
  test('missing or unknown token 401; a broad token needs akua-context; a workspace token cannot name another', async () => {
    const a = await akua()
    expect((await a.call('GET', '/operations', { auth: false })).status).toBe(401)
    expect(
      (
        await a.call('GET', '/operations', {
          headers: { authorization: 'Bearer sk_akua_nope' },
        })
      ).status,
    ).toBe(401)
    const broad = { authorization: `Bearer ${a.f.broadToken}` }
    // A broad token that names no workspace may not act: 403, as the document declares.
    expect(await a.call('GET', '/operations', { headers: broad })).toMatchObject({
      status: 403,
      body: { errors: [{ code: 7003, path: ['akua-context'] }] },
    })
    expect(
      (
        await a.call('GET', '/operations', {
          headers: { ...broad, 'akua-context': a.f.workspaceId },
        })
      ).status,
    ).toBe(200)
    expect(
      (
        await a.call('GET', '/operations', {
          headers: { ...a.auth, 'akua-context': a.f.otherWorkspaceId },
        })
      ).status,
    ).toBe(403)
  })
})
