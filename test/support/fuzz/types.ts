// The fuzzer's types: targets, requests and answers, plans, the fuzzer itself, and runs.
import fc from 'fast-check'
import type { CompiledSpec } from '../../../src/spec/compile.js'
import type { Violation } from '../../../src/spec/validators.js'

/** One mounted vendor: its name, mount and compiled spec. */
export interface FuzzTarget {
  name: string
  mount: string
  compiled: CompiledSpec
}

/** A concrete request, as plain data: printable, and replayable with curl or `fake.request`. */
export interface FuzzRequest {
  vendor: string
  /** The operationId the request was built from, or null for a path no operation has. */
  operation: string | null
  method: string
  /** Mount, vendor path and query string. */
  path: string
  headers: Record<string, string>
  /** The raw body text, sent as is. */
  body?: string
}

/** What came back: a response, or why none did. */
export interface FuzzAnswer {
  status: number
  headers: Record<string, string>
  text: string
  /** A thrown error, a connection error or a request that never answered. */
  error?: string
  /** Violations the fake itself recorded for this request (its journal), `in: 'response'` only. */
  journal?: Violation[]
  /**
   * Why the fake knowingly answered otherwise than the served vendor document (its journal): the
   * answer is then held to the vendor's error shape, not to that document.
   */
  deviation?: string
}

// ---------------------------------------------------------------------------------------------
// Plans: what fast-check generates. Ids created during a run are not known in advance, so a plan
// says "the n-th known value of this parameter" and is resolved against the run's state.

export type ValuePlan = { from: 'schema'; value: unknown } | { from: 'known'; pick: number }

export type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'set'; at: number; value: unknown }
  /** A key, or the n-th name the spec knows that the place lacks (`among` the body's own). */
  | {
      op: 'add'
      at: number
      key: string | { pick: number; among: 'branch' | 'top' }
      value: unknown
    }

export type BodyPlan =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; overlay: number | null }
  | { kind: 'raw'; text: string; contentType: string | null }
  | { kind: 'oversized' }

/** One deliberate mistake, laid over an otherwise well-formed request. */
export type Fault =
  | { kind: 'credential'; pick: number }
  | { kind: 'method'; method: string }
  | { kind: 'path'; name: string; value: string; raw: boolean }
  | { kind: 'query'; name: string; values: string[] }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'body'; body: BodyPlan }
  | { kind: 'mutate'; mutation: Mutation }
  | { kind: 'content-type'; value: string | null }
  | { kind: 'scenario'; name: string }
  | { kind: 'session'; name: string }

/** A request to one operation: parameters and body from its schemas, then its faults. */
export interface RequestPlan {
  kind: 'request'
  operation: number
  path: Record<string, ValuePlan>
  query: Record<string, ValuePlan | null>
  headers: Record<string, ValuePlan | null>
  body: BodyPlan
  faults: Fault[]
}

/** A request to a path no operation of the spec has. */
export interface UnroutedPlan {
  kind: 'unrouted'
  method: string
  path: string
  credential: number
}

export type Step = RequestPlan | UnroutedPlan | { kind: 'advance'; ms: number }

/** What a run has learnt so far: values seen in answers, by the property name they came under. */
export interface RunState {
  seen: Map<string, string[]>
}

// ---------------------------------------------------------------------------------------------
// The fuzzer of one vendor.

export interface Fuzzer {
  vendor: string
  /** The operationIds of the spec, in its order. */
  operations: string[]
  /** One run: a short sequence of requests and clock advances. */
  run: fc.Arbitrary<Step[]>
  /** A run that reaches the operation at this index (after the openers). */
  reaching(index: number): fc.Arbitrary<Step[]>
  state(): RunState
  resolve(step: RequestPlan | UnroutedPlan, state: RunState): FuzzRequest
  /** Learns the ids (and cursors, ETags) an answer carries. */
  harvest(state: RunState, answer: FuzzAnswer): void
  /** What is wrong with an answer: empty when nothing is. */
  check(request: FuzzRequest, answer: FuzzAnswer): string[]
}

export interface FuzzerOptions {
  /** The bundled scenario names of this vendor, for X-Jobfake-Scenario. */
  scenarios?: string[]
  /** Steps per run between the opening and the closing requests (default 1 to 12). */
  maxSteps?: number
  /** Allow bodies over 1 MiB (default true). */
  oversized?: boolean
  /** Allow malformed X-Jobfake-Session headers (default true). */
  badSessions?: boolean
  /**
   * At most this many closing reads a run, drawn from the GET operations (default: every one, in
   * order). A document with 130 reads (Akua's) cannot close every run with all of them.
   */
  closers?: number
}

// ---------------------------------------------------------------------------------------------
// Running and reporting.

/** How a run reaches the fake: in-process (the test) or over HTTP (the bench). */
export interface FuzzIo {
  /** A fresh start: no jobs, the clock at its start, ids re-seeded. */
  reset(): Promise<void> | void
  advance(ms: number): Promise<void> | void
  send(request: FuzzRequest): Promise<FuzzAnswer>
}

export interface Exchange {
  request: FuzzRequest
  answer: FuzzAnswer
  problems: string[]
}

export interface RunResult {
  requests: number
  /** Requests left out because they match a known bug. */
  skipped: { request: FuzzRequest; bug: string }[]
  failures: Exchange[]
  exchanges: Exchange[]
  /** Everything in order: the exchanges, and the clock advances between them. */
  timeline: (Exchange | { advance: number })[]
}
