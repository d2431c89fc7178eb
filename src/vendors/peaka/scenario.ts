import type { Scenario, ScenarioVocabulary } from '../../scenarios/scenario.js'
import { defaultProfile, type ExecutionProfile } from './machine.js'

/** What Peaka scenario files may name. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    incremental: 'how long an incremental sync runs',
    fullRefresh: 'how long a full refresh runs',
    cancelAck: 'how long the workflow takes to act on a cancel signal',
  },
  counters: ['inserted', 'updated', 'deleted'],
  events: { cancel: 'a cancel signal', fail: 'the workflow fails at once' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      finishesDespiteCancel: { type: 'boolean', description: 'a cancelled workflow completes anyway (best effort)' },
    },
  },
}

const profiles = new WeakMap<Scenario, ExecutionProfile>()

/** The execution profile a scenario describes, over the realistic defaults. */
export function profileOf(scenario: Scenario): ExecutionProfile {
  const cached = profiles.get(scenario)
  if (cached) return cached
  const { delays, outcome, cancel } = scenario
  const profile: ExecutionProfile = {
    incrementalMs: delays.incremental ?? defaultProfile.incrementalMs,
    fullRefreshMs: delays.fullRefresh ?? defaultProfile.fullRefreshMs,
    cancelAckMs: cancel.grace ?? delays.cancelAck ?? defaultProfile.cancelAckMs,
    finishesDespiteCancel: scenario.options.finishesDespiteCancel === true,
    failure: outcome.kind === 'fail' ? { at: outcome.at, message: outcome.message } : undefined,
    stalls: outcome.kind === 'stall',
    rates: { ...defaultProfile.rates, ...scenario.counters },
  }
  profiles.set(scenario, profile)
  return profile
}
