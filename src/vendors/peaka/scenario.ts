import type { ScenarioVocabulary } from '../../scenarios/scenario.js'

/** What Peaka scenario files may name, with the realistic defaults. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    incremental: { ms: 45_000, about: 'how long an incremental sync runs' },
    fullRefresh: { ms: 180_000, about: 'how long a full refresh runs' },
    cancelAck: { ms: 5_000, about: 'how long the workflow takes to act on a cancel signal' },
  },
  counters: { inserted: 40, updated: 8, deleted: 1 },
  events: { cancel: 'a cancel signal', fail: 'the workflow fails at once' },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      finishesDespiteCancel: {
        type: 'boolean',
        default: false,
        description: 'a cancelled workflow completes anyway (best effort)',
      },
    },
  },
  cancel: { grace: 'cancelAck' },
}
