import { beforeAll, describe, expect, test } from 'vitest'
import { runLifecycle, type CommonState } from '../lifecycle.case.js'
import { akua as fakeAkua, warmUp } from './akua.case.js'

beforeAll(warmUp, 120_000)

// Every answer below is checked against specs/akua.yaml and against Akua's own document.
async function akua(options = {}) {
  const a = await fakeAkua(options)
  const create = (
    headers: Record<string, string> = {},
    body: unknown = { name: 'staging', region_id: a.f.regionIds[0] },
  ) => a.call('POST', '/clusters', { headers, body })
  const get = (id: string, headers: Record<string, string> = {}) =>
    a.call('GET', `/operations/${id}`, { headers })
  const cancel = (id: string, headers: Record<string, string> = {}) =>
    a.call('POST', `/operations/${id}:cancel`, { headers })
  return { ...a, create, get, cancel }
}

runLifecycle({
  vendor: 'akua',
  accepted: 202,
  refusal: 422,
  longEnough: '10m',
  skip: {
    cancelling: 'Akua shows RUNNING with done: false until the current step drains (tested below)',
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

describe('akua: scenarios and :wait', () => {
  test('step-retry: last_error is set when the step fails, and cleared when its retry succeeds', async () => {
    const a = await akua({ scenario: ['akua/step-retry'] })
    const { id } = (await a.create()).body
    a.fake.clock.advance('40s')
    const failed = (await a.get(id)).body
    expect(failed.last_error).toEqual({
      message: 'provision_network: quota check timed out; retrying',
      step_name: 'provision_network',
    })
    expect(failed.steps[1]).toMatchObject({
      status: 'failed',
      error_message: failed.last_error.message,
    })
    a.fake.clock.advance('20s')
    expect((await a.get(id)).body.steps[1].status).toBe('running')
    a.fake.clock.advance('20s')
    const retried = (await a.get(id)).body
    expect(retried.last_error).toBeNull()
    expect(retried.steps[1]).toMatchObject({ status: 'completed', error_message: null })
    a.fake.clock.advance('10m')
    expect((await a.get(id)).body.state).toBe('SUCCEEDED')
  })

  test('fails: FAILED with error, the failed step, and the rest skipped', async () => {
    const a = await akua({ scenario: ['akua/fails'] })
    const { id } = (await a.create()).body
    a.fake.clock.advance('10m')
    const op = (await a.get(id)).body
    expect(op).toMatchObject({
      state: 'FAILED',
      done: true,
      response: null,
      error: { message: 'Control plane did not become ready within 10 minutes' },
    })
    expect(op.steps.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'failed',
      'skipped',
      'skipped',
    ])
    expect(op.last_error.step_name).toBe('create_control_plane')
  })

  test(':wait resolves when the operation finishes, without blocking other requests', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    let settled = false
    const waiting = a
      .call('POST', `/operations/${id}:wait?timeout=60`)
      .then((r) => ((settled = true), r))
    expect((await a.get(id)).status).toBe(200)
    a.fake.clock.advance('50s')
    await Promise.resolve()
    expect(settled).toBe(false)
    a.fake.clock.advance('50s')
    const done = await waiting
    expect(done.body).toMatchObject({ state: 'SUCCEEDED', done: true })
  })

  test(':wait answers the running operation once the timeout passes on the engine clock', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    const waiting = a.call('POST', `/operations/${id}:wait?timeout=5`)
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('5s')
    expect((await waiting).body).toMatchObject({ state: 'RUNNING', done: false })
  })

  test(':wait holds a timeout outside 1–60 s to its nearest end (the document declares no 400)', async () => {
    const a = await akua()
    const { id } = (await a.create()).body
    let settled = false
    const long = a
      .call('POST', `/operations/${id}:wait?timeout=61`)
      .then((r) => ((settled = true), r))
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('59s')
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    a.fake.clock.advance('1s')
    expect(await long).toMatchObject({ status: 200, body: { state: 'RUNNING', done: false } })
    const short = a.call('POST', `/operations/${id}:wait?timeout=0`)
    await new Promise((resolve) => setImmediate(resolve))
    a.fake.clock.advance('1s')
    expect((await short).status).toBe(200)
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
