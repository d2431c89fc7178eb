import { expect } from 'vitest'
import { deviations } from '../../../src/vendors/akua/deviations.js'
import { conformingFake, type Answer, type CallOptions } from '../../support/conformance.js'
import { againstVendorDoc, vendorDoc } from '../../support/vendor-doc.js'

/** Answers whose `metadata` Akua's document lists no variant for (see specs/akua.yaml). */
export const UNLISTED_TYPES = [
  'workspace.subscription.reactivate',
  'workspace.subscription.change_tier',
]

const operationOf = async (method: string, path: string) => {
  const match = (await vendorDoc('akua')).route(method, new URL(path, 'http://x').pathname)
  return match.kind === 'operation' ? match.operation.id : undefined
}

/**
 * Checks an answer against Akua's own document: it validates, or it is exactly a listed
 * deviation (an undeclared status whose body is still the document's error envelope), or it
 * carries an operation whose `metadata` the document lists no variant for.
 */
export async function expectVendorConforms(method: string, path: string, answer: Answer) {
  const operation = await operationOf(method, path)
  // A path the document does not have (an unknown `:verb`) is the project spec's alone to judge.
  if (!operation) return
  const violations = await againstVendorDoc('akua', method, path, answer)
  if (violations.length === 0) return
  const listed = deviations.find(
    (d) => (d.operation === operation || d.operation === '*') && d.status === answer.status,
  )
  const where = `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`
  if (listed) {
    expect(violations, where).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/is not declared/) }),
    ])
    // The body is still Akua's error envelope, as every declared error of the operation is.
    expect(await againstVendorDoc('akua', method, path, { ...answer, status: 401 }), where).toEqual(
      [],
    )
    return
  }
  const body = answer.body as {
    metadata?: { type?: string }
    data?: Array<{ metadata: { type: string } }>
  }
  const types = [body?.metadata?.type, ...(body?.data ?? []).map((o) => o.metadata.type)]
  // Such an operation breaks the document's `OperationMetadata`, and nothing else.
  if (types.some((t) => t !== undefined && UNLISTED_TYPES.includes(t)))
    expect(
      violations.map((v) => v.name).filter((n) => !/(^|\.)metadata(\.|$)/.test(n)),
      where,
    ).toEqual([])
  else expect(violations, where).toEqual([])
}

/**
 * A fake whose every Akua answer is checked against the project's spec (conformingFake) and
 * against Akua's own document, with the demo token sent unless the call sends its own headers.
 */
export async function akua(options = {}) {
  const { fake, call: raw, fixtures } = await conformingFake(options)
  const f = fixtures.akua
  const auth = { authorization: `Bearer ${f.token}` }
  async function call(method: string, path: string, init: CallOptions & { auth?: boolean } = {}) {
    const headers = { ...(init.auth === false ? {} : auth), ...init.headers }
    const answer = await raw(method, `/akua/v1${path}`, { ...init, headers })
    await expectVendorConforms(method, path, answer)
    return answer
  }
  const get = (path: string) => call('GET', path)
  /** The current etag of a resource, for `if-match`. */
  const etag = async (path: string) => String((await get(path)).body.etag)
  const advance = (by: string) => void fake.clock.advance(by)
  let keys = 0
  /** A write with the current etag of `etagOf` in if-match, and a fresh idempotency key. */
  const write = async (method: string, path: string, etagOf: string, body?: unknown) => {
    const headers = { 'if-match': await etag(etagOf), 'idempotency-key': `w-${++keys}` }
    return call(method, path, { headers, body })
  }
  return { fake, f, auth, call, get, etag, advance, write }
}

export type Akua = Awaited<ReturnType<typeof akua>>

/** The path of the newest item of a list (Akua lists newest first), e.g. one just created. */
export const newest = async (a: Akua, list: string) =>
  `${list}/${(await a.get(list)).body.data[0].id}`

/**
 * Compiles what the first test would otherwise wait for: specs/akua.yaml (every validator, on a
 * fake's first start) and Akua's own document. For a `beforeAll` with a long timeout.
 */
export async function warmUp() {
  await vendorDoc('akua')
  await (await akua()).get('/operations')
}
