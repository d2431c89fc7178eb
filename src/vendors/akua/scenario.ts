import type { Scenario, ScenarioVocabulary } from '../../scenarios/scenario.js'
import { defaultProfile, type OperationProfile } from './machine.js'

/** What Akua scenario files may name. */
export const vocabulary: ScenarioVocabulary = {
  delays: { step: 'how long each step runs' },
  counters: [],
  events: { cancel: 'a cancel, as the API would send it' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      drainSteps: { type: 'integer', minimum: 1, description: 'steps the worker finishes after a cancel' },
      retryStep: { type: 'integer', minimum: 0, description: 'this step fails once, then succeeds on retry' },
      retryMessage: { type: 'string' },
    },
  },
}

/** The operation profile a scenario describes, for an operation of `steps` steps. */
export function profileOf(scenario: Scenario, steps: number): OperationProfile {
  const { delays, outcome, options } = scenario
  const stepAt = (fraction: number) => Math.min(steps - 1, Math.floor(fraction * steps))
  return {
    stepMs: delays.step ?? defaultProfile.stepMs,
    drainSteps: typeof options.drainSteps === 'number' ? options.drainSteps : defaultProfile.drainSteps,
    failAt: outcome.kind === 'fail' ? { step: stepAt(outcome.at), message: outcome.message } : undefined,
    stallAt: outcome.kind === 'stall' ? stepAt(outcome.at) : undefined,
    retryAt:
      typeof options.retryStep === 'number'
        ? { step: options.retryStep, message: typeof options.retryMessage === 'string' ? options.retryMessage : 'Step failed; retrying' }
        : undefined,
  }
}
