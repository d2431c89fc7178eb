import type { Scenario, ScenarioVocabulary } from '../../scenarios/scenario.js'
import { defaultProfile, type InvocationProfile } from './machine.js'

/** What Chroma scenario files may name. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    pending: 'how long an invocation waits in the queue before processing',
    processing: 'how long processing takes before the invocation completes',
  },
  counters: [],
  events: {
    cancel: 'a cancel, as the API would send it',
    fail: 'the invocation fails at once',
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      processingCancelable: { type: 'boolean', description: 'a processing invocation may be cancelled too' },
    },
  },
}

const profiles = new WeakMap<Scenario, InvocationProfile>()

/** The invocation profile a scenario describes, over the realistic defaults. */
export function profileOf(scenario: Scenario): InvocationProfile {
  const cached = profiles.get(scenario)
  if (cached) return cached
  const { delays, outcome } = scenario
  const processingMs = delays.processing ?? defaultProfile.processingMs
  const profile: InvocationProfile = {
    pendingMs: delays.pending ?? defaultProfile.pendingMs,
    processingMs,
    processingCancelable: scenario.options.processingCancelable === true,
    failure: outcome.kind === 'fail' ? { afterMs: Math.round(outcome.at * processingMs), error: outcome.message } : undefined,
    stalls: outcome.kind === 'stall',
  }
  profiles.set(scenario, profile)
  return profile
}
