import { assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

export const CLEANUP_CANCEL_ERROR = 'Cancelled by cleanup job (stuck in transitional state)'
export const CLEANUP_TIMEOUT_ERROR = 'Timed out by cleanup job (no activity for 15+ minutes)'

export interface SyncJobInput {
  sourceConnectionId: string
  forceFullSync: boolean
  /** The scenario's delays (pending, running, cancelAck), outcome and options (pendingCancel). */
  profile: Profile
}

export interface SyncJobContext extends SyncJobInput {
  error: string | null
  errorDetails: Record<string, unknown> | null
}

/** The states in which a job still holds its connection: no second run may start. */
export const ACTIVE = new Set(['pending', 'running', 'cancelling'])

export type SyncJobEvent =
  { type: 'cancel' } | { type: 'cleanup.cancel' } | { type: 'cleanup.timeout' }

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
    // The vendor's code sends a cancelled pending job straight to `cancelled`; its docs say
    // `cancelling`.
    cancelsImmediately: ({ context }) => context.profile.options.pendingCancel === 'cancelled',
    workerResponsive: ({ context }) => context.profile.workerResponsive,
    ...outcome.guards,
  },
  actions: {
    recordFailure: assign(({ context: { profile } }) => {
      const message = outcome.failureOf(profile, 'Sync failed')
      return { error: message, errorDetails: { stage: 'sync', message } }
    }),
    recordCleanupCancel: assign({ error: CLEANUP_CANCEL_ERROR }),
    recordCleanupTimeout: assign({ error: CLEANUP_TIMEOUT_ERROR }),
  },
  delays: {
    pending: ({ context }) => context.profile.delays.pending!,
    // A failing job's run ends when it fails; a stalled one waits for the cleanup job.
    running: ({ context }) => outcome.failsAfter(context.profile, context.profile.delays.running!),
    cancelAck: ({ context }) => context.profile.delays.cancelAck!,
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
        running: outcome.runEnds('failed', 'completed'),
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
