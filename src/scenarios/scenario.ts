/** How a job ends when left alone: it completes, fails at a point of progress, or stalls there. */
export type Outcome =
  | { kind: 'complete' }
  | { kind: 'fail'; at: number; message: string }
  | { kind: 'stall'; at: number }

/** A fault the pipeline injects before anything changes; `operation` limits it to one operation. */
export type Fault =
  | { kind: 'latency'; operation?: string; min: number; max: number }
  | {
      kind: 'error'
      operation?: string
      nth?: number
      every?: number
      status: number
      message?: string
    }
  | { kind: 'rate-limit'; operation?: string; limit: number; per: number }
  | { kind: 'reset'; operation?: string; nth?: number; every?: number }

/** A scenario, read from `scenarios/<vendor>/<name>.yaml`, with every duration in milliseconds. */
export interface Scenario {
  vendor: string
  name: string
  description: string
  /** Where it came from, for messages; absent for a vendor's built-in default. */
  file?: string
  /** Values for the vendor machine's named delays; the vendor's defaults fill the rest. */
  delays: Record<string, number>
  outcome: Outcome
  /** Growth per second of running, by counter; the vendor's defaults fill the rest. */
  counters: Record<string, number>
  cancel: { worker: 'responsive' | 'unresponsive'; grace?: number }
  /** Vendor-specific switches, checked against the vendor's own schema. */
  options: Record<string, unknown>
  faults: Fault[]
  /** Events sent to each job this scenario starts, at offsets from the job's start. */
  timeline: Array<{ at: number; event: string }>
}

/**
 * What a vendor lets scenarios name, with the vendor's defaults: its machines' delays, the
 * counters that grow while a job runs, the events a timeline may send, its options, and what
 * of `cancel:` it honours. A scenario key the vendor does not declare is a load error.
 */
export interface ScenarioVocabulary {
  delays: Record<string, { ms: number; about: string }>
  /** Growth per second of running, by counter. */
  counters: Record<string, number>
  events: Record<string, string>
  /**
   * A JSON Schema for `options` (defaults as `default`); none means the vendor takes no options.
   */
  options?: Record<string, unknown>
  /**
   * `grace`: the delay that `cancel.grace` sets; `worker`: whether `worker: unresponsive` is
   * honoured.
   */
  cancel?: { grace?: string; worker?: boolean }
}

/** The scenario a vendor runs when none is chosen: its own defaults. */
export function builtInScenario(vendor: string): Scenario {
  return {
    vendor,
    name: 'happy',
    description: 'The vendor defaults: jobs complete on realistic timings.',
    delays: {},
    outcome: { kind: 'complete' },
    counters: {},
    cancel: { worker: 'responsive' },
    options: {},
    faults: [],
    timeline: [],
  }
}
