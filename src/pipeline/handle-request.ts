import { sleepOn } from '../core/clock.js'
import type { OpenVendor, Session } from '../core/session.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import { decideFaults } from '../scenarios/faults.js'
import type { Scenario } from '../scenarios/scenario.js'
import type { CompiledSpec } from '../spec/compile.js'
import type { Violation } from '../spec/validators.js'
import { VendorError, type Reply, type Vendor } from '../vendor/types.js'

export const BODY_LIMIT = 1024 * 1024

// Most requests break nothing: they share one empty, frozen list instead of allocating their own.
const NONE: Violation[] = Object.freeze([]) as unknown as Violation[]

/** What the pipeline needs to know about one mounted vendor. */
export interface MountedVendor {
  vendor: Vendor
  compiled: CompiledSpec
}

export interface HandleOptions {
  /** Answer 500 (in the vendor's shape) when a response breaks the spec, instead of only recording it. */
  strict: boolean
  catalog: ScenarioCatalog
}

/**
 * The parts of an HTTP request the pipeline reads. The app builds it from node's own request
 * where it can, so the hot path never pays for a full fetch Request (and its AbortSignal).
 */
export interface Incoming {
  method: string
  /** The vendor's own path (below the mount). */
  path: string
  /** The raw query string, without "?". */
  search: string
  header(name: string): string | undefined
  /** Whether a body was sent at all (Content-Length or Transfer-Encoding). */
  hasBody: boolean
  text(): Promise<string>
  /** Built on first use only: for long polls and waits. */
  readonly signal: AbortSignal
}

/** The outcome of one request, for the journal and the HTTP layer. */
export interface Handled {
  reply: Reply
  /** A fault asked for the connection to be reset instead of answered. */
  reset?: boolean
  operation: string | null
  violations: Violation[]
}

const isJson = (type: string | undefined) => !type || /[/+]json\b/i.test(type)

/** Reads the body within the limit: undefined when empty, parsed JSON when JSON. */
async function readBody(request: Incoming, mounted: MountedVendor, declared: boolean): Promise<unknown> {
  const fail = (reply: Reply) => new VendorError(reply)
  const length = Number(request.header('content-length') ?? 0)
  if (length > BODY_LIMIT) throw fail(mounted.vendor.problem({ kind: 'payload-too-large', limit: BODY_LIMIT }))
  if (!request.hasBody) return undefined
  const text = await request.text()
  if (Buffer.byteLength(text) > BODY_LIMIT) {
    throw fail(mounted.vendor.problem({ kind: 'payload-too-large', limit: BODY_LIMIT }))
  }
  if (text.trim() === '') return undefined
  // A body sent to an operation that takes none is ignored, unless it claims to be broken JSON.
  const type = request.header('content-type')
  if (!declared && !(type && isJson(type))) return undefined
  try {
    return JSON.parse(text)
  } catch (error) {
    throw fail(mounted.vendor.problem({ kind: 'malformed-body', reason: (error as Error).message }))
  }
}

function queryOf(search: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  if (search === '') return query
  for (const [key, value] of new URLSearchParams(search)) {
    const seen = query[key]
    query[key] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value]
  }
  return query
}

/**
 * One vendor request, start to end: route by the spec, authenticate, validate the request, run
 * the vendor's route, then check the reply against the spec. Every failure on the way is a
 * reply in the vendor's own error shape; nothing escapes as a crash.
 */
export async function handleRequest(
  request: Incoming,
  session: Session,
  mounted: MountedVendor,
  { strict, catalog }: HandleOptions,
): Promise<Handled> {
  const { vendor, compiled } = mounted
  const open = session.vendors.get(vendor.name) as OpenVendor
  const { path } = request
  const match = compiled.route(request.method, path)
  // No operation in the spec has this path: the vendor's own 404 (or 405 for a known path).
  if (match.kind === 'not-found') {
    return { reply: vendor.problem({ kind: 'route-not-found', method: request.method, path }), operation: null, violations: NONE }
  }
  if (match.kind === 'method-not-allowed') {
    const reply = vendor.problem({ kind: 'method-not-allowed', method: request.method, allowed: match.allowed })
    return { reply, operation: null, violations: NONE }
  }
  const { operation, params } = match
  const validator = compiled.validators.get(operation.id)!
  const header = request.header
  // The scenario in force: the request's own choice, else the session's.
  const chosen = header('x-jobfake-scenario')
  const scenario: Scenario | undefined = catalog.get(vendor.name, chosen ?? session.scenarios.get(vendor.name)!)
  if (!scenario) {
    const violations = [{ in: 'header' as const, name: 'x-jobfake-scenario', message: catalog.unknown(vendor.name, chosen!) }]
    return { reply: vendor.problem({ kind: 'invalid-request', violations }), operation: operation.id, violations }
  }
  // Faults strike before anything changes: latency on the session clock, then a reset or an error.
  const faults = decideFaults(scenario.faults, operation.id, session.faults, `${vendor.name}/${scenario.name}`, session.clock.now(), session.ids.random)
  if (faults.latencyMs > 0 && !(await sleepOn(session.clock, faults.latencyMs, request.signal))) {
    return { reply: { status: 499 }, operation: operation.id, violations: NONE, reset: true }
  }
  if (faults.reset) return { reply: { status: 0 }, operation: operation.id, violations: NONE, reset: true }
  if (faults.rateLimited) {
    const reply = vendor.problem({ kind: 'rate-limited', ...faults.rateLimited, remaining: 0 })
    return { reply, operation: operation.id, violations: validator.response(reply.status, reply.body, reply.headers ?? {}) }
  }
  if (faults.error) {
    const reply = vendor.problem({ kind: 'fault', ...faults.error })
    return { reply, operation: operation.id, violations: validator.response(reply.status, reply.body, reply.headers ?? {}) }
  }
  let reply: Reply
  let requestViolations: Violation[] = []
  try {
    const principal = open.session.authenticate({ operationId: operation.id, header, path: params })
    const body = await readBody(request, mounted, operation.body !== undefined)
    const headers: Record<string, string> = {}
    for (const p of operation.parameters) if (p.in === 'header' && header(p.name)) headers[p.name] = header(p.name)!
    const checked = validator.request({ path: params, query: queryOf(request.search), headers, body })
    requestViolations = checked.violations
    // The request breaks the spec: the vendor's validation error, and the journal keeps why.
    if (checked.violations.length > 0) throw new VendorError(vendor.problem({ kind: 'invalid-request', violations: checked.violations }))
    const route = open.session.routes[operation.id]
    if (!route) throw new VendorError(vendor.problem({ kind: 'fault', status: 501, message: `${operation.id} is not modelled by jobfake` }))
    reply = await route({
      operationId: operation.id,
      path: checked.path,
      query: checked.query,
      header,
      body,
      principal,
      get signal() {
        return request.signal
      },
      scenario,
    })
  } catch (error) {
    reply = error instanceof VendorError ? error.reply : vendor.problem({ kind: 'internal', message: `[jobfake] ${(error as Error).message}` })
  }
  const responseViolations = validator.response(reply.status, reply.body, reply.headers ?? {})
  // In strict mode a reply that breaks the spec is not sent: the client sees why instead.
  if (strict && responseViolations.length > 0) {
    const reasons = responseViolations.map((v) => `${v.name || 'body'} ${v.message}`).join('; ')
    reply = vendor.problem({ kind: 'internal', message: `[jobfake] response to ${operation.id} breaks the spec: ${reasons}` })
  }
  const violations = requestViolations.length + responseViolations.length === 0 ? NONE : [...requestViolations, ...responseViolations]
  return { reply, operation: operation.id, violations }
}
