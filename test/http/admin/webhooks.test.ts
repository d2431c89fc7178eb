import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFake, type RunningFake } from '../../../src/index.js'
import { receiver } from '../../webhooks/receiver.case.js'
import { onSession } from '../../webhooks/session.case.js'

// On a real port, so that a subscription can point at jobfake itself.
let fake: RunningFake
let f: any
beforeAll(async () => {
  fake = await startFake({ port: 0, host: '127.0.0.1', clock: 'manual' })
  f = await (await fake.request('/__admin/fixtures')).json()
}, 60_000)
afterAll(() => fake.close())

const on = (session: string) => onSession(fake, f, session)

describe('/__admin/webhooks', () => {
  test('POST checks what it is given and answers 201 with the subscription and its secret', async () => {
    const s = on('admin-post')
    const refused = [
      await s.send('POST', '/__admin/webhooks', { url: 'ftp://x.test/' }),
      await s.send('POST', '/__admin/webhooks', { url: 'http://x.test/', vendor: 'nobody' }),
      await s.send('POST', '/__admin/webhooks', { url: 'http://x.test/', events: [] }),
      await s.send('POST', '/__admin/webhooks', { url: 'http://x.test/', secret: 'not base64!' }),
    ]
    expect(refused.map((r) => [r.status, r.body.error])).toEqual(
      Array(4).fill([400, 'bad_request']),
    )
    expect(refused[1]!.body.message).toMatch(
      /^\[jobfake\] "vendor" must be one of .*akua.*, or absent/,
    )
    const created = await s.send('POST', '/__admin/webhooks', {
      url: 'http://hooks.test/in',
      vendor: 'akua',
      events: ['SUCCEEDED'],
    })
    expect(created).toEqual({
      status: 201,
      body: {
        id: 'wh_1',
        url: 'http://hooks.test/in',
        vendor: 'akua',
        events: ['SUCCEEDED'],
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{32}$/),
        disabled: false,
        health: 'unknown',
        createdAt: '2026-01-01T00:00:00.000Z',
        failingSince: null,
      },
    })
  })

  test('GET lists and reads one with its messages; DELETE removes it; unknown ids are 404', async () => {
    const s = on('admin-crud')
    const a = (await s.send('POST', '/__admin/webhooks', { url: 'http://hooks.test/a' })).body
    const b = (await s.send('POST', '/__admin/webhooks', { url: 'http://hooks.test/b' })).body
    expect((await s.send('GET', '/__admin/webhooks')).body.map((w: any) => w.id)).toEqual([
      a.id,
      b.id,
    ])
    expect((await s.send('GET', `/__admin/webhooks/${a.id}`)).body).toEqual({ ...a, messages: [] })
    expect((await s.send('DELETE', `/__admin/webhooks/${a.id}`)).status).toBe(204)
    expect((await s.send('GET', `/__admin/webhooks/${a.id}`)).status).toBe(404)
    expect((await s.send('DELETE', `/__admin/webhooks/${a.id}`)).body).toMatchObject({
      error: 'not_found',
    })
    // Ids are not given out again while anything names them.
    expect(
      (await s.send('POST', '/__admin/webhooks', { url: 'http://hooks.test/c' })).body.id,
    ).toBe('wh_3')
  })

  test('clock/advance answers once the deliveries it started have been made and recorded', async () => {
    const s = on('admin-settle')
    const r = await receiver()
    const { id } = (await s.send('POST', '/__admin/webhooks', { url: r.url, events: ['pending'] }))
      .body
    await s.start.chroma()
    expect((await s.advance('0s')).status).toBe(200)
    const [message] = (await s.send('GET', `/__admin/webhooks/${id}`)).body.messages
    expect(message).toMatchObject({
      status: 'success',
      attempts: [{ status: 'success', code: 204 }],
    })
  })
})

describe('a subscription pointing at jobfake itself', () => {
  test('cannot drive its admin API, nor a vendor API: no loop, and the session is left as it was', async () => {
    const s = on('admin-loop')
    const urls = [
      `${fake.url()}/__admin/reset`,
      `${fake.url()}/__admin/clock/advance`,
      `${fake.url('chroma')}/api/v1/sources/${f.chroma.sourceIds[0]}/invocations`,
    ]
    const ids: string[] = []
    for (const url of urls)
      ids.push((await s.send('POST', '/__admin/webhooks', { url, events: ['pending'] })).body.id)
    await s.start.chroma()
    await s.advance('0s')
    const codes = []
    for (const id of ids)
      codes.push((await s.send('GET', `/__admin/webhooks/${id}`)).body.messages[0].attempts[0].code)
    // The admin API refuses jobfake's deliveries; the vendor API wants a credential they lack.
    expect(codes).toEqual([403, 403, 401])
    const jobs = (await s.send('GET', '/__admin/jobs?vendor=chroma')).body
    expect(jobs).toHaveLength(1)
    expect((await s.send('GET', '/__admin/clock')).body.now).toBe('2026-01-01T00:00:00.000Z')
  })
})
