import type { ScenarioVocabulary } from '../../scenarios/scenario.js'

/** What Peaka scenario files may name, with the realistic defaults. */
export const vocabulary: ScenarioVocabulary = {
  delays: {
    incremental: { ms: 45_000, about: 'how long an incremental sync runs' },
    fullRefresh: { ms: 180_000, about: 'how long a full refresh runs' },
    cancelAck: { ms: 5_000, about: 'how long a workflow takes to act on a cancel signal' },
    exportQueue: { ms: 2_000, about: 'how long an export waits (PENDING) before it runs' },
    export: { ms: 20_000, about: 'how long an export runs' },
    exportRetention: {
      ms: 7 * 86_400_000,
      about: "how long a succeeded export's files are kept before it is EXPIRED",
    },
    materializedRefresh: { ms: 60_000, about: 'how long a materialized query refresh runs' },
    metadataQueue: { ms: 2_000, about: 'how long a metadata refresh job is WAITING' },
    metadataRefresh: { ms: 30_000, about: 'how long a metadata refresh job is ACTIVE' },
    metadataBackoff: { ms: 10_000, about: 'how long a failed metadata refresh is DELAYED' },
  },
  counters: { inserted: 40, updated: 8, deleted: 1 },
  events: {
    cancel: 'a cancel signal',
    fail: 'the workflow or job fails at once',
    resume: 'the paused metadata queue resumes',
  },
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      finishesDespiteCancel: {
        type: 'boolean',
        default: false,
        description: 'a cancelled workflow completes anyway (best effort)',
      },
      metadataQueuePaused: {
        type: 'boolean',
        default: false,
        description: 'metadata refresh jobs are PAUSED until a resume event',
      },
      metadataAttempts: {
        type: 'integer',
        minimum: 1,
        maximum: 10,
        default: 2,
        description: 'how many times a metadata refresh job runs before it is FAILED',
      },
    },
  },
  cancel: { grace: 'cancelAck' },
}
