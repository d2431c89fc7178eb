import { describe, expect, test } from 'vitest'
import { postSigned } from '../../src/webhooks/post.js'
import { receiver, refusing } from './receiver.case.js'

describe(postSigned, () => {
  test('a 2xx is a success; the body sent and the answer read back, cut to 1 KB', async () => {
    const r = await receiver([{ status: 202, body: 'y'.repeat(5000) }])
    const result = await postSigned(`${r.url}/in`, { 'svix-id': 'msg_1' }, '{"a":1}')
    expect(result).toEqual({ ok: true, code: 202, response: 'y'.repeat(1024), abort: false })
    const [call] = await r.received(1)
    expect(call).toMatchObject({ path: '/in', raw: '{"a":1}' })
    expect(call!.headers).toMatchObject({ 'content-type': 'application/json', 'svix-id': 'msg_1' })
  })

  test('a redirect is a failure and is not followed, as with Svix', async () => {
    const elsewhere = await receiver()
    const r = await receiver([{ status: 307, headers: { location: elsewhere.url } }])
    const result = await postSigned(r.url, {}, '{}')
    expect(result).toMatchObject({ ok: false, code: 307, error: 'HTTP 307' })
    expect(elsewhere.calls).toHaveLength(0)
  })

  test('no answer within the timeout, or a refused connection, is a failure with status 0', async () => {
    const silent = await receiver([0])
    expect(await postSigned(silent.url, {}, '{}', 50)).toEqual({
      ok: false,
      code: 0,
      response: null,
      error: 'no answer within 50 ms',
      abort: false,
    })
    expect(await postSigned(await refusing(), {}, '{}')).toMatchObject({
      ok: false,
      code: 0,
      error: 'ECONNREFUSED',
    })
  })

  test('webhook-delivery: abort-message asks for no more retries', async () => {
    const r = await receiver([{ status: 400, headers: { 'webhook-delivery': 'abort-message' } }])
    expect(await postSigned(r.url, {}, '{}')).toMatchObject({ ok: false, code: 400, abort: true })
  })
})
