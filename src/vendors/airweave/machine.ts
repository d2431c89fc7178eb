import { assign, setup } from 'xstate'

/** How one sync job behaves; the defaults are realistic, scenarios change them. */
export interface SyncProfile {
  pendingMs: number
  runningMs: number
  /** How long the worker takes to acknowledge a cancel. */
  cancelAckMs: number
  /** When false, the worker never acknowledges a cancel: only the cleanup job ends it. */
  workerResponsive: boolean
  /** The vendor's code sends a cancelled pending job straight to `cancelled`; its docs say `cancelling`. */
  pendingCancelsImmediately: boolean
  /** The job fails after running this long, with this message. */
  failure?: { afterMs: number; message: string }
  /** Progress stops after running this long and the job never finishes by itself. */
  stallAfterMs?: number
  /** Entities per second of running, by counter. */
  rates: { inserted: number; updated: number; deleted: number; failed: number }
}

export const defaultProfile: SyncProfile = {
  pendingMs: 5_000,
  runningMs: 120_000,
  cancelAckMs: 3_000,
  workerResponsive: true,
  pendingCancelsImmediately: false,
  rates: { inserted: 4, updated: 1, deleted: 0.1, failed: 0 },
}

export const CLEANUP_CANCEL_ERROR = 'Cancelled by cleanup job (stuck in transitional state)'
export const CLEANUP_TIMEOUT_ERROR = 'Timed out by cleanup job (no activity for 15+ minutes)'

export interface SyncJobInput {
  sourceConnectionId: string
  forceFullSync: boolean
  profile: SyncProfile
}

export interface SyncJobContext extends SyncJobInput {
  error: string | null
  errorDetails: Record<string, unknown> | null
}

export type SyncJobEvent = { type: 'cancel' } | { type: 'cleanup.cancel' } | { type: 'cleanup.timeout' }

/**
 * An Airweave sync job, as in BEHAVIOUR.md §2: pending → running → completed | failed;
 * pending | running → cancelling → cancelled. The cleanup job's events come from outside.
 */
export const syncJobMachine = setup({
  types: {
    context: {} as SyncJobContext,
    events: {} as SyncJobEvent,
    input: {} as SyncJobInput,
  },
  guards: {
    cancelsImmediately: ({ context }) => context.profile.pendingCancelsImmediately,
    workerResponsive: ({ context }) => context.profile.workerResponsive,
    failsMidway: ({ context }) => context.profile.failure !== undefined,
    finishes: ({ context }) =>
      context.profile.failure === undefined && context.profile.stallAfterMs === undefined,
  },
  actions: {
    recordFailure: assign({
      error: ({ context }) => context.profile.failure?.message ?? 'Sync failed',
      errorDetails: ({ context }) => ({ stage: 'sync', message: context.profile.failure?.message }),
    }),
    recordCleanupCancel: assign({ error: CLEANUP_CANCEL_ERROR }),
    recordCleanupTimeout: assign({ error: CLEANUP_TIMEOUT_ERROR }),
  },
  delays: {
    pending: ({ context }) => context.profile.pendingMs,
    // A failing job's run ends when it fails; a stalled one waits for the cleanup job.
    running: ({ context }) => context.profile.failure?.afterMs ?? context.profile.runningMs,
    cancelAck: ({ context }) => context.profile.cancelAckMs,
  },
}).createMachine({
  id: 'airweave.syncJob',
  context: ({ input }) => ({ ...input, error: null, errorDetails: null }),
  initial: 'pending',
  states: {
    pending: {
      after: { pending: 'running' },
      on: {
        cancel: [{ guard: 'cancelsImmediately', target: 'cancelled' }, { target: 'cancelling' }],
        'cleanup.cancel': { target: 'cancelled', actions: 'recordCleanupCancel' },
      },
    },
    running: {
      after: {
        running: [
          { guard: 'failsMidway', target: 'failed', actions: 'recordFailure' },
          { guard: 'finishes', target: 'completed' },
        ],
      },
      on: {
        cancel: 'cancelling',
        'cleanup.timeout': { target: 'failed', actions: 'recordCleanupTimeout' },
      },
    },
    cancelling: {
      after: { cancelAck: { guard: 'workerResponsive', target: 'cancelled' } },
      on: { 'cleanup.cancel': { target: 'cancelled', actions: 'recordCleanupCancel' } },
    },
    completed: { type: 'final' },
    failed: { type: 'final' },
    cancelled: { type: 'final' },
  },
})
