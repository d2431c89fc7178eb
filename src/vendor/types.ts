import type { AnyStateMachine } from 'xstate'
import type { EngineClock } from '../core/clock.js'
import type { IdGenerator } from '../core/ids.js'
import type { JobTable, JobTableOptions } from '../core/jobs.js'
import type { Scenario, ScenarioVocabulary } from '../scenarios/scenario.js'
import type { Violation } from '../spec/validators.js'

/** What a route answers: a status, a JSON body (or none), and headers. */
export interface Reply {
  /** The job state this answer is about, for contract coverage (not sent). */
  state?: string
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/**
 * An answer in a vendor's own error shape, thrown from anywhere on the request path; the
 * pipeline sends its reply untouched (and still validates and journals it).
 *
 * @example
 * throw new VendorError({ status: 404, body: { detail: 'Sync job not found' } })
 */
export class VendorError extends Error {
  constructor(readonly reply: Reply) {
    super(`[jobfake] ${reply.status} ${JSON.stringify(reply.body)}`)
    this.name = 'VendorError'
  }
}

/** Failures the pipeline finds before a route runs; each vendor says how it words them. */
export type Problem =
  | { kind: 'route-not-found'; method: string; path: string }
  | { kind: 'method-not-allowed'; method: string; allowed: string[] }
  | { kind: 'invalid-request'; violations: Violation[] }
  | { kind: 'malformed-body'; reason: string }
  | { kind: 'payload-too-large'; limit: number }
  | { kind: 'rate-limited'; retryAfterSeconds: number; limit: number; remaining: number }
  | { kind: 'fault'; status: number; message?: string }
  | { kind: 'internal'; message: string }

/** The parts of a request a vendor's auth looks at. */
export interface AuthRequest {
  operationId: string
  header(name: string): string | undefined
  path: Record<string, unknown>
}

/** A request as a route sees it: parameters already validated and coerced by the spec. */
export interface RouteRequest {
  operationId: string
  path: Record<string, unknown>
  query: Record<string, unknown>
  header(name: string): string | undefined
  body: unknown
  /** Whatever the vendor's `authenticate` returned for this request. */
  principal: unknown
  /** Aborts when the client goes away, so that long polls can stop waiting. */
  signal: AbortSignal
  /** The scenario in force: the request's X-Jobfake-Scenario, else the session's, else the default. */
  scenario: Scenario
}

export type Route = (request: RouteRequest) => Reply | Promise<Reply>

/** What the engine lends a vendor for one session: its time, its ids, its jobs. */
export interface VendorEnv {
  clock: EngineClock
  ids: IdGenerator
  /** A table of jobs of one kind, driven by one machine; the admin API lists them. */
  jobs<M extends AnyStateMachine>(options: Omit<JobTableOptions<M>, 'clock'>): JobTable<M>
  /** Runs `task` every `ms` of session time, the first time `ms` after the session starts. */
  every(ms: number, task: () => void): void
}

/** A vendor's state and routes in one session, made fresh by `open` on creation and reset. */
export interface VendorSession {
  /** The demo credentials and resource ids, as `GET /__admin/fixtures` shows them. */
  fixtures: Record<string, unknown>
  /** Returns the caller's principal, or throws a VendorError (401, 403). */
  authenticate(request: AuthRequest): unknown
  /** Handlers by the spec's operationId; operations without one are not modelled. */
  routes: Record<string, Route>
}

/**
 * One faked service. The engine knows vendors only through this interface; adding one is a
 * folder under `src/vendors/`, a spec, scenarios, and a line in `src/vendors/index.ts`.
 */
export interface Vendor {
  name: string
  /** Where it is mounted, e.g. "/airweave"; the vendor's own paths follow. */
  mount: string
  /** Its OpenAPI document, a file name under `specs/`. */
  spec: string
  /** What scenario files may name for this vendor. */
  scenarios: ScenarioVocabulary
  /** Words a pipeline problem in the vendor's own error shape. */
  problem(problem: Problem): Reply
  open(env: VendorEnv): VendorSession
}
