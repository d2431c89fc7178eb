import type { ScenarioVocabulary } from '../../scenarios/scenario.js'

/** What Chroma scenario files may name, with the realistic defaults. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    pending: { ms: 4_000, about: 'how long an invocation waits in the queue before processing' },
    processing: { ms: 90_000, about: 'how long processing takes before the invocation completes' },
  },
  counters: {},
  events: {
    cancel: 'a cancel, as the API would send it',
    fail: 'the invocation fails at once',
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      processingCancelable: {
        type: 'boolean',
        default: false,
        description: 'a processing invocation may be cancelled too',
      },
    },
  },
}
