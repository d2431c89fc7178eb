import { Webhook } from 'svix'
import { describe, expect, test } from 'vitest'
import { createIds } from '../../src/core/ids.js'
import {
  asSecret,
  derivedId,
  derivedUuid,
  isSecret,
  newSecret,
  signature,
  signedHeaders,
} from '../../src/webhooks/sign.js'

// The example secret of Svix's "verifying manually" page.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

describe(signedHeaders, () => {
  test('what the real svix package verifies: svix-id, wall-clock svix-timestamp, v1 signature', () => {
    const body = JSON.stringify({ event_type: 'sync.completed', job_id: 'j1' })
    const headers = signedHeaders(SECRET, 'msg_1', body)
    expect(Object.keys(headers).sort()).toEqual(['svix-id', 'svix-signature', 'svix-timestamp'])
    expect(new Webhook(SECRET).verify(body, headers)).toEqual(JSON.parse(body))
    // Any change to the body breaks it.
    expect(() => new Webhook(SECRET).verify(`${body} `, headers)).toThrow(/signature/)
  })

  test('is the same HMAC as svix signs with', () => {
    const at = new Date(1_767_225_600_000)
    expect(signature(SECRET, 'msg_2', 1_767_225_600, '{"a":1}')).toBe(
      new Webhook(SECRET).sign('msg_2', at, '{"a":1}'),
    )
  })
})

describe(isSecret, () => {
  test('takes base64, with or without whsec_; refuses anything else', () => {
    expect(isSecret(SECRET)).toBe(true)
    expect(isSecret(SECRET.slice('whsec_'.length))).toBe(true)
    expect(isSecret('whsec_not base64 at all!!')).toBe(false)
    expect(isSecret('abc')).toBe(false)
    expect(asSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(SECRET)
  })
})

describe(newSecret, () => {
  test('24 bytes from the seeded ids: the same seed gives the same secret, which svix takes', () => {
    const secret = newSecret(createIds(7, 'default'))
    expect(secret).toBe(newSecret(createIds(7, 'default')))
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(24)
    expect(() => new Webhook(secret)).not.toThrow()
  })
})

describe(derivedId, () => {
  test("is made from what it names, in the shape of Svix's ids", () => {
    expect(derivedId('atmpt_', 'm/1')).toMatch(/^atmpt_[0-9A-Za-z]{27}$/)
    expect(derivedId('atmpt_', 'm/1')).toBe(derivedId('atmpt_', 'm/1'))
    expect(derivedId('atmpt_', 'm/2')).not.toBe(derivedId('atmpt_', 'm/1'))
    expect(derivedUuid('job/sync.pending')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})
