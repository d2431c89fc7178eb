import type { Maybe } from '../core/steps.js'
import { VendorError } from '../vendor/errors.js'
import { BodyTooLarge } from './limited.js'
import { formFields, isMultipart } from './multipart.js'
import type { Vendor } from '../vendor/types.js'

export const BODY_LIMIT = 1024 * 1024

/**
 * The parts of an HTTP request the pipeline reads. The HTTP layer builds it from node's own
 * request where it can, so the hot path never pays for a full fetch Request (and its AbortSignal).
 */
export interface Incoming {
  method: string
  /** The vendor's own path (below the mount), still percent-encoded. */
  path: string
  /** The raw query string, without "?". */
  search: string
  header(name: string): string | undefined
  /** Whether a body was sent at all (Content-Length or Transfer-Encoding). */
  hasBody: boolean
  /** The body as text; rejects with BodyTooLarge as soon as it passes `limit` bytes. */
  text(limit: number): Promise<string>
  /** Built on first use only: for long polls and waits. */
  readonly signal: AbortSignal
}

const isJson = (type: string | undefined) => !type || /[/+]json\b/i.test(type)

const tooLarge = (vendor: Vendor) =>
  new VendorError(
    vendor.problem({ kind: 'payload-too-large', limit: BODY_LIMIT }),
    'payload-too-large',
  )

/**
 * Reads the body within the limit: undefined when empty, a form as its fields, else JSON. A
 * request without a body (most are) gets its answer at once, with no promise made for it.
 */
export function readBody(request: Incoming, vendor: Vendor, declared: boolean): Maybe<unknown> {
  if (Number(request.header('content-length') ?? 0) > BODY_LIMIT) throw tooLarge(vendor)
  return request.hasBody ? bodyOf(request, vendor, declared) : undefined
}

async function bodyOf(request: Incoming, vendor: Vendor, declared: boolean): Promise<unknown> {
  let text: string
  try {
    text = await request.text(BODY_LIMIT)
  } catch (error) {
    if (error instanceof BodyTooLarge) throw tooLarge(vendor)
    throw error
  }
  if (Buffer.byteLength(text) > BODY_LIMIT) throw tooLarge(vendor)
  if (text.trim() === '') return undefined
  const type = request.header('content-type')
  const form = type !== undefined && isMultipart(type)
  // A body sent to an operation that takes none is ignored, unless it claims to be broken JSON,
  // or is a form: an operation that takes only a form has no JSON schema to be declared by.
  if (!declared && !form && !(type && isJson(type))) return undefined
  try {
    return form ? await formFields(text, type) : JSON.parse(text)
  } catch (error) {
    throw new VendorError(
      vendor.problem({ kind: 'malformed-body', reason: (error as Error).message }),
      'malformed-body',
    )
  }
}

/** The query string as the validators take it: repeated keys become arrays. */
export function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  if (search === '') return query
  for (const [key, value] of new URLSearchParams(search)) {
    // `?constructor=1` names a parameter, not Object.prototype's constructor.
    const seen = Object.hasOwn(query, key) ? query[key] : undefined
    const next = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
    // Defined, not assigned: `?__proto__=` must not reach the object's prototype.
    Object.defineProperty(query, key, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  }
  return query
}
