import { assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

/** What an export reads: a saved query, or a table. */
export type ExportSource =
  | { kind: 'query'; queryId: string; name: string }
  | { kind: 'table'; catalogId: string; schemaName: string; tableName: string }

export interface ExportInput {
  projectId: string
  source: ExportSource
  format: 'CSV' | 'JSONL'
  compression: 'NONE' | 'GZIP'
  columns: number
  /** Rows the export writes when it succeeds. */
  rows: number
  /** Why it fails at the end of its run whatever the scenario says (the row limit), if it does. */
  refusal: string | null
  /** The public prefix of the key that asked: only its owner may download it. */
  apiKeyPrefix: string
  clientSource?: string
  /** Microseconds since the epoch: a unique, ordered cursor even when the clock stands still. */
  createdMicros: number
  /** Delays (exportQueue, export, exportRetention) and outcome. */
  profile: Profile
}

export interface ExportContext extends ExportInput {
  error: string | null
}

export type ExportEvent = { type: 'cancel' } | { type: 'fail' }

/** How long an export runs before it ends by itself (succeeds, or fails). */
export const runOf = ({ profile }: ExportInput) =>
  outcome.failsAfter(profile, profile.delays.export!)

/**
 * One Peaka export job (the vendor's ExportJobResponse.status): PENDING → RUNNING → SUCCEEDED |
 * FAILED; a cancel of a PENDING or RUNNING job kills its query at once (CANCELLED); a succeeded
 * job is EXPIRED once the lifecycle rule removes its files.
 */
export const exportMachine = setup({
  types: {
    context: {} as ExportContext,
    events: {} as ExportEvent,
    input: {} as ExportInput,
  },
  guards: {
    ...outcome.guards,
    refused: ({ context }) => context.refusal !== null,
  },
  actions: {
    recordFailure: assign({
      error: ({ context }) =>
        context.refusal ?? outcome.failureOf(context.profile, 'Export failed'),
    }),
  },
  delays: {
    queue: ({ context }) => context.profile.delays.exportQueue!,
    run: ({ context }) => runOf(context),
    retention: ({ context }) => context.profile.delays.exportRetention!,
  },
}).createMachine({
  id: 'peakaExport',
  context: ({ input }) => ({ ...input, error: null }),
  initial: 'PENDING',
  states: {
    PENDING: {
      after: { queue: 'RUNNING' },
      on: { cancel: 'CANCELLED' },
    },
    RUNNING: {
      after: {
        run: [
          { guard: 'refused', target: 'FAILED', actions: 'recordFailure' },
          ...outcome.runEnds('FAILED', 'SUCCEEDED'),
        ],
      },
      on: { cancel: 'CANCELLED', fail: { target: 'FAILED', actions: 'recordFailure' } },
    },
    SUCCEEDED: { after: { retention: 'EXPIRED' } },
    FAILED: { type: 'final' },
    CANCELLED: { type: 'final' },
    EXPIRED: { type: 'final' },
  },
})
