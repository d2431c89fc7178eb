import { createHash, createHmac } from 'node:crypto'
import type { IdGenerator } from '../core/ids.js'

const PREFIX = 'whsec_'
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

/**
 * Whether a text is a signing secret Svix takes: base64-encoded bytes, optionally behind
 * `whsec_` (the svix package's EndpointIn.secret).
 */
export function isSecret(text: string): boolean {
  const key = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : text
  return key.length % 4 === 0 && BASE64.test(key)
}

/** A secret as Svix shows it: always behind `whsec_`. */
export const asSecret = (text: string) => (text.startsWith(PREFIX) ? text : `${PREFIX}${text}`)

/**
 * A new secret: 24 bytes (Svix's size) drawn from the session's seeded ids, so that the same seed
 * and requests give the same secret.
 *
 * @example
 * newSecret(ctx.ids) // 'whsec_…' (32 base64 characters)
 */
export function newSecret(ids: IdGenerator): string {
  const bytes = Buffer.alloc(24)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(ids.random() * 256)
  return `${PREFIX}${bytes.toString('base64')}`
}

/**
 * The Standard Webhooks signature: `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`, keyed
 * with the base64-decoded part of the secret after `whsec_`.
 *
 * @example
 * signature('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_1', 1700000000, '{}')
 */
export function signature(secret: string, id: string, seconds: number, body: string): string {
  const key = Buffer.from(
    secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret,
    'base64',
  )
  return `v1,${createHmac('sha256', key).update(`${id}.${seconds}.${body}`).digest('base64')}`
}

/**
 * The headers a delivery carries. `svix-timestamp` is wall-clock time even under a manual
 * clock: a receiver checks it against its own clock (five minutes' tolerance in the svix
 * package), so this is the one place jobfake reads the wall clock for a timestamp it sends.
 */
export function signedHeaders(secret: string, id: string, body: string): Record<string, string> {
  const seconds = Math.floor(Date.now() / 1000)
  return {
    'svix-id': id,
    'svix-timestamp': String(seconds),
    'svix-signature': signature(secret, id, seconds, body),
  }
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/**
 * An id made from what it stands for (a message, an attempt) rather than drawn from the session's
 * ids, so that webhooks never shift the ids a vendor hands out: `prefix` and 27 base62 characters,
 * the length of Svix's own ids.
 *
 * @example
 * derivedId('atmpt_', `${messageId}/${n}`) // 'atmpt_2bVxUn3RFnLYHa8z6ZKHMT9PqPX'-like
 */
export function derivedId(prefix: string, from: string): string {
  const digest = createHash('sha256').update(from).digest()
  let out = ''
  for (let i = 0; out.length < 27; i++) out += BASE62[digest[i % digest.length]! % 62]
  return `${prefix}${out}`
}

/** A UUID (version 4 in form) made from what it stands for, as `derivedId` is. */
export function derivedUuid(from: string): string {
  const hex = createHash('sha256').update(from).digest('hex')
  const variant = ((parseInt(hex[16]!, 16) & 3) | 8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}
