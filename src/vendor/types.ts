import type { AnyMachineSnapshot, AnyStateMachine, ContextFrom, InputFrom } from 'xstate'
import type { EngineClock } from '../core/clock.js'
import type { IdGenerator } from '../core/ids.js'
import type { Job, JobTable } from '../core/jobs.js'
import type { RecordTable } from '../core/records.js'
import type { Scenario, ScenarioVocabulary } from '../scenarios/scenario.js'
import type { Violation } from '../spec/validators.js'
import type { Plan } from '../verify/plan.js'
import type { Profile } from './profile.js'

/** What a route answers: a status, a JSON body (or none), and headers. */
export interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
  /** The media type of a body that is not JSON (a mocked CSV, say): the body is then sent as is. */
  type?: string
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
  /** Whatever the vendor's auth returned for this request. */
  principal: unknown
  /** Aborts when the client goes away, so that long polls can stop waiting. */
  signal: AbortSignal
  /**
   * The scenario in force: the request's X-Jobfake-Scenario, else the session's, else the default.
   */
  scenario: Scenario
}

/**
 * What a route, a periodic task or a reaction gets: the session it serves, seen from one vendor.
 */
export interface VendorContext {
  readonly vendor: string
  readonly clock: EngineClock
  readonly ids: IdGenerator
  now(): number
  jobs<M extends AnyStateMachine>(kind: string): JobTable<M>
  records<T>(kind: string): RecordTable<T>
  /**
   * Starts a job under a scenario: the scenario's profile is added to the input as `profile`,
   * and its timeline is sent to the job.
   */
  start<M extends AnyStateMachine>(
    kind: string,
    id: string,
    input: Omit<InputFrom<M>, 'profile'>,
    scenario: Scenario,
  ): Job<ContextFrom<M>>
  /** The scenario of this vendor with that name (a name kept in a record), else the session's. */
  scenario(name?: string): Scenario
  /** The profile a scenario gives this vendor's machines. */
  profile(scenario: Scenario): Profile
}

export type Route = (request: RouteRequest, ctx: VendorContext) => Reply | Promise<Reply>

/** One kind of job: the machine that drives it and, optionally, finer phases for its history. */
export interface JobKind {
  machine: AnyStateMachine
  phase?: (snapshot: AnyMachineSnapshot) => string
  /** Told after each change of a job of this kind (e.g. a finished sync starts the queued one). */
  watch?: (job: Job<never>, ctx: VendorContext) => void
  /** The job as the vendor's API shows it, at clock time `now` (jobfake's webhooks send it). */
  present?: (job: Job<never>, now: number) => unknown
}

/** How a vendor recognises callers: by the credential the spec's security scheme carries. */
export interface VendorAuth<P = unknown> {
  /** Known credentials and who presents them. */
  principals: ReadonlyMap<string, P>
  /**
   * Any credential presented where the scheme says is admitted, as the principal `{ credential }`
   * (a vendor served from its document alone, which knows no credentials).
   */
  anyCredential?: boolean
  /** No credential where the scheme says (401 in the vendor's shape). */
  missing(): Reply
  /** A credential the vendor does not know. */
  unknown(): Reply
  /** Further rules for a known caller (a project key on another project, a workspace header). */
  check?(principal: P, request: AuthRequest): P | object
}

/** A task the vendor runs on the session clock, every `ms` (Airweave's cleanup job). */
export interface PeriodicTask {
  ms: number
  run(ctx: VendorContext): void
  /**
   * When true, the task has nothing to do until one of the vendor's jobs starts: it sleeps, and
   * wakes at its next tick after that start. So a long clock advance does not fire it in vain.
   */
  idle?(ctx: VendorContext): boolean
}

/**
 * A place where jobfake answers as the real service does rather than as the vendor's own OpenAPI
 * document declares (BEHAVIOUR.md). Served from that document, such an answer is journaled as a
 * deviation with this reason, not as a violation.
 */
export interface Deviation {
  /**
   * The operation, by jobfake's own operationId (as in `specs/<vendor>.yaml`); `*` for every
   * operation, mocked ones too (a 401 that the document never declares, say).
   */
  operation: string
  /** The status answered; every status of the operation when absent. */
  status?: number
  why: string
}

/**
 * One faked service, as a declaration the engine reads: adding one is a folder under
 * `src/vendors/`, a spec, scenarios, and a line in `src/vendors/index.ts`.
 */
export interface Vendor {
  name: string
  /** Where it is mounted, e.g. "/airweave"; the vendor's own paths follow. */
  mount: string
  /** Its OpenAPI document, a file name under `specs/`. */
  spec: string
  /** What scenario files may name for this vendor, with the defaults of each. */
  scenarios: ScenarioVocabulary
  /** Words a pipeline problem in the vendor's own error shape. */
  problem(problem: Problem): Reply
  auth: VendorAuth<never>
  jobs: Record<string, JobKind>
  /** The kinds of plain records the vendor keeps per session. */
  records: string[]
  /** The demo credentials and resource ids, as `GET /__admin/fixtures` shows them. */
  fixtures: Record<string, unknown>
  /**
   * Puts the records every session starts with (and starts again with after a reset). It runs when
   * a session first asks for the vendor, with `ctx.now()` and `ctx.ids` as of the session's start,
   * so it must put records only: a timer or a job it started would start late.
   */
  seed?(ctx: VendorContext): void
  every?: Record<string, PeriodicTask>
  /** Handlers by the spec's operationId, built once for every session. */
  routes: Record<string, Route>
  /** Where it knowingly answers otherwise than the vendor's own document declares. */
  deviations?: Deviation[]
  /** The job lifecycle `jobfake verify` drives against the real service (and import-har reads). */
  verify?: Plan
}
