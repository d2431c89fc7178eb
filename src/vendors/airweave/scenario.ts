import type { Scenario, ScenarioVocabulary } from '../../scenarios/scenario.js'
import { defaultProfile, type SyncProfile } from './machine.js'

/** What Airweave scenario files may name. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    pending: 'how long a job waits for a worker before it runs',
    running: 'how long a job runs before it completes',
    cancelAck: 'how long the worker takes to acknowledge a cancel',
  },
  counters: ['inserted', 'updated', 'deleted', 'failed'],
  events: {
    cancel: 'a cancel, as the API would send it',
    'cleanup.cancel': "the cleanup job's forced cancel of a stuck job",
    'cleanup.timeout': "the cleanup job's timeout of an idle running job",
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      pendingCancel: {
        enum: ['cancelling', 'cancelled'],
        description: 'what a cancelled pending job becomes: the docs say cancelling, the code cancelled',
      },
    },
  },
}

const profiles = new WeakMap<Scenario, SyncProfile>()

/** The sync-job profile a scenario describes, over the realistic defaults. */
export function profileOf(scenario: Scenario): SyncProfile {
  const cached = profiles.get(scenario)
  if (cached) return cached
  const { delays, outcome, cancel } = scenario
  const runningMs = delays.running ?? defaultProfile.runningMs
  const profile: SyncProfile = {
    pendingMs: delays.pending ?? defaultProfile.pendingMs,
    runningMs,
    cancelAckMs: cancel.grace ?? delays.cancelAck ?? defaultProfile.cancelAckMs,
    workerResponsive: cancel.worker !== 'unresponsive',
    pendingCancelsImmediately: scenario.options.pendingCancel === 'cancelled',
    failure: outcome.kind === 'fail' ? { afterMs: Math.round(outcome.at * runningMs), message: outcome.message } : undefined,
    stallAfterMs: outcome.kind === 'stall' ? Math.round(outcome.at * runningMs) : undefined,
    rates: { ...defaultProfile.rates, ...scenario.counters },
  }
  profiles.set(scenario, profile)
  return profile
}
