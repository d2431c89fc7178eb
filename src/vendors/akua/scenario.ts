import type { ScenarioVocabulary } from '../../scenarios/scenario.js'

/** What Akua scenario files may name, with the realistic defaults. */
export const vocabulary: ScenarioVocabulary = {
  delays: { step: { ms: 20_000, about: 'how long each step runs' } },
  counters: {},
  events: { cancel: 'a cancel, as the API would send it' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      drainSteps: {
        type: 'integer',
        minimum: 1,
        default: 1,
        description: 'steps the worker finishes after a cancel',
      },
      retryStep: {
        type: 'integer',
        minimum: 0,
        description: 'this step fails once, then succeeds on retry',
      },
      retryMessage: { type: 'string', default: 'Step failed; retrying' },
    },
  },
}
