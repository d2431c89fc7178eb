import { assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

export interface InvocationInput {
  sourceId: string
  /** The source's kind (`file_upload` for add-file), which list_jobs filters by. */
  sourceType: string
  databaseName: string
  collectionName: string
  /** The metadata key naming the source kind, e.g. `{ github: { git_ref_identifier } }`. */
  kind: Record<string, unknown>
  /** The scenario's delays (pending, processing), outcome and options (processingCancelable). */
  profile: Profile
}

export interface InvocationContext extends InvocationInput {
  error: string | null
}

export type InvocationEvent = { type: 'cancel' } | { type: 'fail'; error?: string }

/**
 * A Chroma Sync invocation, as in BEHAVIOUR.md §3: pending → processing → complete | failed,
 * and pending → cancelled (processing → cancelled only when the scenario allows it).
 */
export const invocationMachine = setup({
  types: {
    context: {} as InvocationContext,
    events: {} as InvocationEvent,
    input: {} as InvocationInput,
  },
  guards: {
    processingCancelable: ({ context }) => context.profile.options.processingCancelable === true,
    ...outcome.guards,
  },
  actions: {
    recordFailure: assign({
      error: ({ context: { profile }, event }) =>
        (event.type === 'fail' ? event.error : undefined) ??
        outcome.failureOf(profile, 'Invocation failed'),
    }),
  },
  delays: {
    pending: ({ context }) => context.profile.delays.pending!,
    processing: ({ context }) =>
      outcome.failsAfter(context.profile, context.profile.delays.processing!),
  },
}).createMachine({
  id: 'chroma.invocation',
  context: ({ input }) => ({ ...input, error: null }),
  initial: 'pending',
  states: {
    pending: {
      after: { pending: 'processing' },
      on: { cancel: 'cancelled', fail: { target: 'failed', actions: 'recordFailure' } },
    },
    processing: {
      after: {
        processing: outcome.runEnds('failed', 'complete'),
      },
      on: {
        cancel: { guard: 'processingCancelable', target: 'cancelled' },
        fail: { target: 'failed', actions: 'recordFailure' },
      },
    },
    complete: { type: 'final' },
    failed: { type: 'final' },
    cancelled: { type: 'final' },
  },
})
