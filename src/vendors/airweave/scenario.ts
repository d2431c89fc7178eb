import type { ScenarioVocabulary } from '../../scenarios/scenario.js'

/** What Airweave scenario files may name, with the realistic defaults. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    pending: { ms: 5_000, about: 'how long a job waits for a worker before it runs' },
    running: { ms: 120_000, about: 'how long a job runs before it completes' },
    cancelAck: { ms: 3_000, about: 'how long the worker takes to acknowledge a cancel' },
  },
  counters: { inserted: 4, updated: 1, deleted: 0.1, failed: 0 },
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
        default: 'cancelling',
        description:
          'what a cancelled pending job becomes: the docs say cancelling, the code cancelled',
      },
    },
  },
  cancel: { grace: 'cancelAck', worker: true },
}
