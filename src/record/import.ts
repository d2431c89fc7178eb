import type { Har } from 'har-format'
import { stringify } from 'yaml'
import { describeMachine } from '../http/admin/machines.js'
import type { CompiledSpec } from '../spec/compile.js'
import type { Vendor } from '../vendor/types.js'
import type { Plan } from '../verify/plan.js'
import { derive, type Derived, type Estimate } from './derive.js'
import { faultsOf, type FaultEntry } from './faults.js'
import { routeHar } from './routed.js'
import { traceJobs } from './traces.js'

export interface ImportOptions {
  vendor: Vendor
  plan: Plan
  /** The project's spec of the vendor: recorded requests are routed by it. */
  spec: CompiledSpec
  /** The recording's file, named in the scenario's comment. */
  source: string
  /** The scenario's name (its file is `scenarios/<vendor>/<name>.yaml`). */
  name: string
  /** Multiplies recorded time: 100 for a recording of a jobfake under scaled:100. */
  scale?: number
}

export interface Imported {
  /** The scenario file: a comment saying what it was derived from, then the scenario. */
  text: string
  derived: Derived
  faults: FaultEntry[]
  requests: number
  unrouted: number
}

/** A duration as the scenario file writes it, to the millisecond: "450ms", "5.123s". */
export const durationText = (ms: number) => (ms < 1000 ? `${ms}ms` : `${+(ms / 1000).toFixed(3)}s`)

const estimate = (e: Estimate) =>
  `${durationText(e.ms)} (bracket ${durationText(e.width)}, ${e.samples} sample${e.samples === 1 ? '' : 's'}${e.consistent ? '' : ', brackets disagree: the mean of their midpoints'})`

/**
 * A scenario from a recording: each request routed to its operation, each job followed across
 * polls, each delay the midpoint of the interval the recording brackets, the outcome the jobs
 * reached and the faults the service answered with.
 *
 * @example
 * const { text } = importHar(readHar('run.har'), { vendor, plan, spec, source: 'run.har' })
 */
export function importHar(har: Har, options: ImportOptions): Imported {
  const { vendor, plan, spec, source, name, scale = 1 } = options
  const { routed, unrouted } = routeHar(har, spec)
  const { traces, faults } = traceJobs(routed, plan)
  const diagram = describeMachine(vendor.jobs[plan.kind]!.machine)
  const finals = diagram.states.filter((s) => s.final).map((s) => s.name)
  const derived = derive(traces, plan, { initial: diagram.initial!, finals }, scale)
  const found = faultsOf(faults, routed)
  const known = Object.entries(derived.delays).filter(([name]) => name in vendor.scenarios.delays)
  const times = routed.map((r) => r.sent)
  const when = times.length
    ? `${new Date(Math.min(...times)).toISOString()} to ${new Date(Math.max(...times)).toISOString()}`
    : 'no request jobfake could route'
  const lines = [
    `${vendor.name}/${name}, derived by jobfake import-har from ${source}: ${routed.length} request(s) routed by the spec, ${unrouted} not, ${traces.length} job(s), ${when}.`,
    ...(scale === 1 ? [] : [`Recorded time multiplied by ${scale} (--time-scale).`]),
    'Each delay is the midpoint of the interval between the two answers that bracket its state',
    "changes (an answer counts halfway between its request and its response); the bracket's width",
    'is how far off it may be:',
    ...(known.length
      ? known.map(([name, e]) => `  ${name}: ${estimate(e)}`)
      : ['  (none observed)']),
    'Jobs:',
    ...derived.jobs.map(
      (j) =>
        `  ${j.id}: ${j.path.join(' → ') || '(never shown)'}, ${j.ending}${j.error ? ` ("${j.error}")` : ''}${j.cancelLanded ? `; the cancel landed after ${estimate(j.cancelLanded)}` : ''}`,
    ),
    ...(found.length ? ['Faults:', ...found.map((f) => `  ${f.why}`)] : []),
  ]
  const scenario: Record<string, unknown> = {
    description: `Timings, outcome and faults of ${traces.length} job(s) recorded in ${source}.`,
  }
  if (known.length)
    scenario.delays = Object.fromEntries(known.map(([n, e]) => [n, durationText(e.ms)]))
  scenario.outcome = derived.outcome
  if (found.length) scenario.faults = found.map((f) => f.fault)
  const comment = lines.map((line) => `# ${line}`.trimEnd()).join('\n')
  return {
    text: `${comment}\n${stringify(scenario, { lineWidth: 100 })}`,
    derived,
    faults: found,
    requests: routed.length,
    unrouted,
  }
}
