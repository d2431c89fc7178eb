import { sleepOn } from '../core/clock.js'
import { settle, type Maybe, type Steps } from '../core/steps.js'
import { journalPath, PATH_LIMIT, type Recorded } from '../core/journal.js'
import type { Session, Sessions } from '../core/session.js'
import type { Tracker } from '../core/scope.js'
import type { ScenarioCatalog } from '../scenarios/catalog.js'
import { decideFaults, type FaultDecision } from '../scenarios/faults.js'
import { renameParams } from '../spec/bind.js'
import type { Operation } from '../spec/operations.js'
import type { Violation } from '../spec/validators.js'
import { authenticate } from '../vendor/auth.js'
import { VendorError } from '../vendor/errors.js'
import { textOf } from '../vendor/presented.js'
import type { Problem, Reply } from '../vendor/types.js'
import { readBody, queryOf, type Incoming } from './incoming.js'
import { mockedAnswer } from './mocked.js'
import { Routed } from './routed.js'
import type { MountedVendor } from './mounted.js'

export type { Incoming } from './incoming.js'
export type { MountedVendor } from './mounted.js'

// Most requests break nothing: they share one empty, frozen list instead of allocating their own.
const NONE: Violation[] = Object.freeze([]) as unknown as Violation[]

type Entry = Omit<Recorded, 'seq'>

const NO_FAULTS: FaultDecision = Object.freeze({ latencyMs: 0, reset: false })

const SESSION_NAME = /^[\w.:@-]{1,128}$/

/**
 * The session a request names in X-Jobfake-Session ("default" when absent), or null when malformed.
 */
export function sessionNameOf(header: string | undefined): string | null {
  const name = header ?? 'default'
  return SESSION_NAME.test(name) ? name : null
}

export const badSessionHeader: Violation = {
  in: 'header',
  name: 'x-jobfake-session',
  message: 'must be 1–128 letters, digits or ._:@-',
}

export interface PipelineOptions {
  sessions: Sessions
  catalog: ScenarioCatalog
  /**
   * Answer 500 (in the vendor's shape) when a response breaks the spec, instead of only recording
   * it.
   */
  strict: boolean
  /** jobfake's seed: mocked dynamic answers are seeded from it and the request. */
  seed: number
}

/** The outcome of one request, for the HTTP layer. */
export interface Handled {
  reply: Reply
  /** The JSON body as sent: serialised once, for its check and the wire. */
  text?: string
  /** A fault asked for the connection to be reset instead of answered. */
  reset?: boolean
}

/** Where the pipeline left off: what it answers, and what it knows of the request so far. */
interface Outcome {
  reply: Reply
  operation?: Operation
  violations?: Violation[]
  reset?: boolean
  /** Answered by prism from the document, not by a model. */
  mocked?: boolean
  /** A refusal of jobfake's own pipeline (validation, the body limit, a scenario fault). */
  problem?: Problem['kind']
}

/**
 * Everything between the mount and the answer, in DESIGN order: route by the spec, scenario,
 * faults, auth, body and request validation, then the vendor's route. Every way out is an
 * Outcome; `handleRequest` checks each one against the spec the same way. It yields what it
 * would await (see `settle`): most requests wait for nothing, and are answered at once.
 */
function* answer(
  request: Incoming,
  session: Session,
  mounted: MountedVendor,
  { catalog, seed }: PipelineOptions,
  tracker: Tracker,
): Steps<Outcome> {
  const { vendor, compiled } = mounted
  const { path, header } = request
  const refusal = (problem: Problem) => ({ reply: vendor.problem(problem), problem: problem.kind })
  // No operation in the spec has this path: the vendor's own 404 (or 405 for a known path).
  const match = compiled.route(request.method, path)
  if (match.kind === 'not-found')
    return { reply: vendor.problem({ kind: 'route-not-found', method: request.method, path }) }
  if (match.kind === 'method-not-allowed') {
    return {
      reply: vendor.problem({
        kind: 'method-not-allowed',
        method: request.method,
        allowed: match.allowed,
      }),
    }
  }
  const { operation, params } = match
  const binding = mounted.bound.get(operation.id)
  // The scenario in force: the request's own choice, else the session's.
  const chosen = header('x-jobfake-scenario')
  const scenario = catalog.get(vendor.name, chosen ?? session.scenarios.get(vendor.name)!)
  if (!scenario) {
    const violations = [
      {
        in: 'header' as const,
        name: 'x-jobfake-scenario',
        message: catalog.unknown(vendor.name, chosen!),
      },
    ]
    return { ...refusal({ kind: 'invalid-request', violations }), operation, violations }
  }
  // Faults strike before anything changes: latency on the session clock, then a reset or an error.
  // Most scenarios have none: their requests decide nothing, and make no names to decide by.
  if (scenario.faults.length > 0) session.version++
  const faults =
    scenario.faults.length === 0
      ? NO_FAULTS
      : decideFaults(
          scenario.faults,
          binding && binding.name !== operation.id ? [operation.id, binding.name] : [operation.id],
          session.faults,
          `${vendor.name}/${scenario.name}`,
          session.clock.now(),
          session.ids.random,
        )
  if (faults.latencyMs > 0 && !(yield sleepOn(session.clock, faults.latencyMs, request.signal))) {
    return { reply: { status: 499 }, operation, reset: true }
  }
  if (faults.reset) return { reply: { status: 0 }, operation, reset: true }
  if (faults.rateLimited)
    return { ...refusal({ kind: 'rate-limited', ...faults.rateLimited, remaining: 0 }), operation }
  if (faults.error) return { ...refusal({ kind: 'fault', ...faults.error }), operation }
  let violations = NONE
  try {
    const principal = authenticate(vendor.auth, operation.security, {
      operationId: operation.id,
      header,
      path: params,
    })
    const body = yield readBody(request, vendor, operation.body !== undefined)
    const headers: Record<string, string> = {}
    for (const p of operation.parameters)
      if (p.in === 'header' && header(p.name)) headers[p.name] = header(p.name)!
    const rawQuery = queryOf(request.search)
    const checked = compiled.validators
      .get(operation.id)!
      .request({ path: params, query: rawQuery, headers, body })
    violations = checked.violations
    // The request breaks the spec: the vendor's validation error, and the journal keeps why.
    if (violations.length > 0)
      return { ...refusal({ kind: 'invalid-request', violations }), operation, violations }
    // What jobfake does not model, prism answers from the document.
    if (!binding) {
      const reply = (yield mockedAnswer(request, operation, rawQuery, body, mounted, seed)) as Reply
      return { reply, operation, violations, mocked: true }
    }
    const route = vendor.routes[binding.name]!
    const { path: checkedPath, query } = checked
    const routed = new Routed(
      binding.name,
      renameParams(binding, checkedPath),
      query,
      header,
      body,
      principal,
      scenario,
      request,
    )
    return {
      reply: (yield route(routed, session.scope(vendor.name, tracker))) as Reply,
      operation,
      violations,
    }
  } catch (error) {
    // The client went away mid-request (an aborted body, say): journaled as its abort, not as a 500.
    if (request.signal.aborted) return { reply: { status: 499 }, operation, reset: true }
    if (error instanceof VendorError)
      return { reply: error.reply, operation, violations, problem: error.problem }
    const reply = vendor.problem({
      kind: 'internal',
      message: `[jobfake] ${(error as Error).message}`,
    })
    return { reply, operation, violations }
  }
}

/**
 * One vendor request, start to end, with one exit: the session, then `answer`, then the reply
 * checked against the spec (a 500 with the reason in --strict), then the session's `request`
 * event, which the journal and coverage hear. Nothing escapes as a crash. Handled at once when
 * nothing on the way waits (a poll, say), else a promise.
 */
export function handleRequest(
  request: Incoming,
  mounted: MountedVendor,
  options: PipelineOptions,
): Maybe<Handled> {
  return settle(handling(request, mounted, options))
}

function* handling(
  request: Incoming,
  mounted: MountedVendor,
  options: PipelineOptions,
): Steps<Handled> {
  const { sessions, strict } = options
  const { vendor, compiled } = mounted
  const name = sessionNameOf(request.header('x-jobfake-session'))
  // A malformed session name reaches no session: nothing is journaled anywhere.
  if (name === null)
    return { reply: vendor.problem({ kind: 'invalid-request', violations: [badSessionHeader] }) }
  const session = sessions.get(name)
  const tracker: Tracker = {}
  const version = session.version
  session.busy++
  let outcome: Outcome
  try {
    outcome = yield* answer(request, session, mounted, options, tracker)
    // A change is durable (with --state-file) before its answer goes out.
    if (session.version !== version) yield sessions.commit(session)
  } finally {
    session.busy--
  }
  let { reply } = outcome
  const { operation, reset, mocked } = outcome
  let text = reset || reply.type || reply.body === undefined ? undefined : textOf(reply.body)
  let responseViolations =
    operation && !reset
      ? compiled.validators
          .get(operation.id)!
          .response(reply.status, reply.type ? undefined : reply.body, reply.headers ?? {}, text)
      : NONE
  // Answered as the real service answers, where the vendor's document says otherwise.
  const deviation =
    responseViolations.length > 0
      ? mounted.deviationOf(operation!, reply.status, outcome.problem)
      : undefined
  if (deviation) responseViolations = NONE
  // In strict mode a reply that breaks the spec is not sent: the client sees why instead.
  if (strict && responseViolations.length > 0) {
    const reasons = responseViolations.map((v) => `${v.name || 'body'} ${v.message}`).join('; ')
    reply = vendor.problem({
      kind: 'internal',
      message: `[jobfake] response to ${operation!.id} breaks the spec: ${reasons}`,
    })
    text = undefined
  }
  const requestViolations = outcome.violations ?? NONE
  const violations =
    requestViolations.length + responseViolations.length === 0
      ? NONE
      : [...requestViolations, ...responseViolations]
  const { path } = request
  // One literal, its optional fields added after: spreading them in cost more than the journal.
  const entry: Entry = {
    time: session.clock.now(),
    session: name,
    vendor: vendor.name,
    method: request.method,
    path: journalPath(path),
    operation: operation?.id ?? null,
    status: reply.status,
    state: tracker.last?.state,
    violations,
  }
  if (path.length > PATH_LIMIT) entry.pathLength = path.length
  if (mocked) entry.mocked = mocked
  if (deviation) entry.deviation = deviation
  session.record(entry)
  return { reply, text, reset }
}
