import { describe, expect, test } from 'vitest'
import type { Job } from '../../src/core/jobs.js'
import { presented, textOf } from '../../src/vendor/presented.js'
import { createFake } from '../../src/index.js'

const jobOf = (revision: number): Job =>
  ({ id: 'j', kind: 'k', state: 'running', revision, history: [], context: {} }) as never
const show = (job: Job, now: number) => ({ id: job.id, state: job.state, now, nested: { n: 1 } })

describe(presented, () => {
  test('gives the same object until the job changes or the clock moves', () => {
    const job = jobOf(1)
    const first = presented(show, job, 10)
    expect(presented(show, job, 10)).toBe(first)
    expect(presented(show, job, 11)).not.toBe(first)
    const at11 = presented(show, job, 11)
    job.revision = 2
    job.state = 'done'
    expect(presented(show, job, 11)).not.toBe(at11)
    expect(presented(show, job, 11)).toMatchObject({ state: 'done' })
    // Another presenter of the same job is not answered with this one's object.
    const other = (j: Job) => ({ other: j.id })
    expect(presented(other, job, 11)).toEqual({ other: 'j' })
  })

  test('freezes what it gives at the top, so that no route changes a kept answer', () => {
    const body = presented(show, jobOf(1), 0) as Record<string, unknown>
    expect(() => (body.state = 'x')).toThrow(TypeError)
  })
})

describe(textOf, () => {
  test('writes a presented body, a list of them and anything else as JSON.stringify does', () => {
    const a = presented(show, jobOf(1), 5)
    const b = presented(show, { ...jobOf(1), id: 'k' } as Job, 5)
    expect(textOf(a)).toBe(JSON.stringify(a))
    expect(textOf(a)).toBe(textOf(a))
    expect(textOf([a, b])).toBe(JSON.stringify([a, b]))
    expect(textOf([a, { plain: true }])).toBe(JSON.stringify([a, { plain: true }]))
    for (const value of [[], {}, 'text', 3, null, { a: [1, { b: 2 }] }])
      expect(textOf(value)).toBe(JSON.stringify(value))
  })

  test('a list written again is the same text only while it holds the same items, in order', () => {
    const a = presented(show, jobOf(1), 6)
    const b = presented(show, { ...jobOf(1), id: 'k' } as Job, 6)
    const lists = [[a, b], [a, b], [a], [b, a], [a, b], [a, b, a], [a, b]]
    for (const list of lists) expect(textOf(list)).toBe(JSON.stringify(list))
    // A job that changed is presented anew: the list holding it is written out again.
    const changed = presented(show, { ...jobOf(2), id: 'k' } as Job, 6)
    expect(changed).not.toBe(b)
    expect(textOf([a, changed])).toBe(JSON.stringify([a, changed]))
  })
})

describe('kept answers over HTTP', () => {
  test('a poll answer changes the moment its job does, and with the clock where it reads it', async () => {
    const fake = await createFake({ clock: 'manual' })
    const { airweave, akua } = await (await fake.request('/__admin/fixtures')).json()
    const aw = { 'x-api-key': airweave.apiKey }
    const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
    const poll = async () => (await fake.request(`${base}/jobs`, { headers: aw })).json()
    const job = await (await fake.request(`${base}/run`, { method: 'POST', headers: aw })).json()
    fake.clock.advance('10s')
    const [running] = await poll()
    expect(await poll()).toEqual([running])
    // Airweave's counters grow with time while the job's revision stays.
    fake.clock.advance('10s')
    const [later] = await poll()
    expect(later.status).toBe(running.status)
    expect(later.entities_inserted).toBeGreaterThan(running.entities_inserted)
    await fake.request(`${base}/jobs/${job.id}/cancel`, { method: 'POST', headers: aw })
    expect((await poll())[0].status).toBe('cancelling')

    const ak = { authorization: `Bearer ${akua.token}`, 'content-type': 'application/json' }
    const body = JSON.stringify({ name: 'kept', region_id: akua.regionIds[0] })
    const made = await (
      await fake.request('/akua/v1/clusters', { method: 'POST', headers: ak, body })
    ).json()
    const get = () => fake.request(`/akua/v1/operations/${made.id}`, { headers: ak })
    const first = await get()
    const again = await get()
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(await again.json()).toEqual(await first.json())
    await fake.request(`/akua/v1/operations/${made.id}:cancel`, { method: 'POST', headers: ak })
    fake.clock.advance('10m')
    const after = await (await get()).json()
    expect(after).toMatchObject({ state: 'CANCELLED', done: true })
    expect(fake.violations()).toEqual([])
    await fake.close()
  })
})
