import { join } from 'node:path'
import { expect } from 'vitest'
import { createFake, DEFAULT_SPECS_DIR, type Fake, type FakeOptions } from '../../src/index.js'
import { compileSpec, type CompiledSpec } from '../../src/spec/compile.js'
import { vendors } from '../../src/vendors/index.js'

/** A parsed answer: status, JSON body (undefined when empty), lower-case headers. */
export interface Answer {
  status: number
  body: any
  headers: Record<string, string>
}

export interface CallOptions {
  headers?: Record<string, string>
  body?: unknown
  /** A raw body, sent as is (for malformed JSON and oversized bodies). */
  raw?: string
  session?: string
}

const compiled = new Map<string, Promise<CompiledSpec>>()
const specOf = (file: string) => {
  if (!compiled.has(file)) compiled.set(file, compileSpec(join(DEFAULT_SPECS_DIR, file)))
  return compiled.get(file)!
}

/**
 * A fake (every vendor, or `options.vendors`) whose every vendor answer is checked against the
 * project's spec for its operation:
 * a test using `call` fails as soon as the fake sends something its spec does not allow.
 */
export async function conformingFake(options: FakeOptions = {}) {
  const fake: Fake = await createFake({ clock: 'manual', ...options })
  const mounted = options.vendors ?? vendors
  async function call(method: string, path: string, init: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...init.headers }
    if (init.session) headers['x-jobfake-session'] = init.session
    let body: string | undefined = init.raw
    if (init.body !== undefined) {
      body = JSON.stringify(init.body)
      headers['content-type'] ??= 'application/json'
    }
    const res = await fake.request(path, { method, headers, body })
    const text = await res.text()
    const answer: Answer = {
      status: res.status,
      body: text === '' ? undefined : JSON.parse(text),
      headers: Object.fromEntries(res.headers),
    }
    const vendor = mounted.find((v) => path === v.mount || path.startsWith(`${v.mount}/`))
    if (vendor) {
      const spec = await specOf(vendor.spec)
      const vendorPath = new URL(path, 'http://x').pathname.slice(vendor.mount.length) || '/'
      const match = spec.route(method, vendorPath)
      if (match.kind === 'operation') {
        const violations = spec.validators
          .get(match.operation.id)!
          .response(answer.status, answer.body, answer.headers)
        expect(violations, `${method} ${path} → ${answer.status} ${text}`).toEqual([])
      }
    }
    return answer
  }
  const fixtures = (await call('GET', '/__admin/fixtures')).body
  return { fake, call, fixtures }
}
