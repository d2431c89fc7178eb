import type { Outcome, Scenario, ScenarioVocabulary } from '../scenarios/scenario.js'

/**
 * What a scenario asks of a vendor's machines, in one shape for every vendor: a job's input
 * carries it as `profile`, and the machine's guards and delays read it.
 */
export interface Profile {
  /** Every delay the vendor names, in ms: the scenario's value, else the vendor's default. */
  delays: Record<string, number>
  outcome: Outcome
  /** False when the worker never acknowledges a cancel (`cancel: {worker: unresponsive}`). */
  workerResponsive: boolean
  /** Growth per second of running, by counter. */
  rates: Record<string, number>
  /** The vendor's options, its schema's defaults filled in. */
  options: Record<string, unknown>
}

const profiles = new WeakMap<Scenario, Profile>()

/**
 * The profile a scenario describes, over the vendor's defaults; worked out once per scenario.
 *
 * @example
 * profileOf(scenario, vocabulary).delays.pending // 5000 unless the scenario says otherwise
 */
export function profileOf(scenario: Scenario, vocabulary: ScenarioVocabulary): Profile {
  const cached = profiles.get(scenario)
  if (cached) return cached
  const delays: Record<string, number> = {}
  for (const [name, { ms }] of Object.entries(vocabulary.delays))
    delays[name] = scenario.delays[name] ?? ms
  const grace = vocabulary.cancel?.grace
  if (grace && scenario.cancel.grace !== undefined) delays[grace] = scenario.cancel.grace
  const options: Record<string, unknown> = {}
  const declared = (vocabulary.options?.properties ?? {}) as Record<string, { default?: unknown }>
  for (const [name, schema] of Object.entries(declared))
    if (schema.default !== undefined) options[name] = schema.default
  const profile: Profile = {
    delays,
    outcome: scenario.outcome,
    workerResponsive: scenario.cancel.worker !== 'unresponsive',
    rates: { ...vocabulary.counters, ...scenario.counters },
    options: { ...options, ...scenario.options },
  }
  profiles.set(scenario, profile)
  return profile
}

/**
 * How long a job that would run `total` ms runs before the scenario's failure ends it: the
 * point of progress it fails at, else `total`.
 *
 * @example
 * failsAfter({ ...profile, outcome: { kind: 'fail', at: 0.5, message } }, 120_000) // 60_000
 */
export function failsAfter(profile: Profile, total: number): number {
  return profile.outcome.kind === 'fail' ? Math.round(profile.outcome.at * total) : total
}

/**
 * Where a stalling job stops making progress, in ms of running; undefined when it does not stall.
 */
export function stallsAfter(profile: Profile, total: number): number | undefined {
  return profile.outcome.kind === 'stall' ? Math.round(profile.outcome.at * total) : undefined
}

/** The guards `runEnds` names, for a machine's `setup({ guards })`: the scenario's outcome. */
export const outcomeGuards = {
  failsMidway: ({ context }: { context: { profile: Profile } }) =>
    context.profile.outcome.kind === 'fail',
  finishes: ({ context }: { context: { profile: Profile } }) =>
    context.profile.outcome.kind === 'complete',
}

/**
 * How a run ends when its delay is over, as the scenario's outcome says: `failed` (through the
 * machine's `recordFailure` action), `completed`, or, for a stall, not at all.
 *
 * @example
 * running: { after: { running: runEnds('failed', 'completed') } }
 */
export function runEnds<F extends string, C extends string>(failed: F, completed: C) {
  return [
    { guard: 'failsMidway' as const, target: failed, actions: 'recordFailure' as const },
    { guard: 'finishes' as const, target: completed },
  ]
}

/** The failure message a scenario gives, else the vendor's own. */
export const failureOf = (profile: Profile, fallback: string): string =>
  profile.outcome.kind === 'fail' ? profile.outcome.message : fallback
