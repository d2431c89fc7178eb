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
