import { assign, setup } from 'xstate'

/** How one invocation behaves; the defaults are realistic, scenarios change them. */
export interface InvocationProfile {
  /** How long an invocation waits in the queue before processing starts. */
  pendingMs: number
  processingMs: number
  /** Whether a processing invocation may still be cancelled (the docs' name says only pending). */
  processingCancelable: boolean
  /** The invocation fails after processing this long, with this error. */
  failure?: { afterMs: number; error: string }
  /** Processing never ends by itself. */
  stalls: boolean
}

export const defaultProfile: InvocationProfile = {
  pendingMs: 4_000,
  processingMs: 90_000,
  processingCancelable: false,
  stalls: false,
}

export interface InvocationInput {
  sourceId: string
  databaseName: string
  collectionName: string
  /** The metadata key naming the source kind, e.g. `{ github: { git_ref_identifier } }`. */
  kind: Record<string, unknown>
  profile: InvocationProfile
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
    processingCancelable: ({ context }) => context.profile.processingCancelable,
    failsMidway: ({ context }) => context.profile.failure !== undefined,
    finishes: ({ context }) => !context.profile.stalls && context.profile.failure === undefined,
  },
  actions: {
    recordFailure: assign({
      error: ({ context, event }) =>
        (event.type === 'fail' ? event.error : undefined) ?? context.profile.failure?.error ?? 'Invocation failed',
    }),
  },
  delays: {
    pending: ({ context }) => context.profile.pendingMs,
    processing: ({ context }) => context.profile.failure?.afterMs ?? context.profile.processingMs,
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
        processing: [
          { guard: 'failsMidway', target: 'failed', actions: 'recordFailure' },
          { guard: 'finishes', target: 'complete' },
        ],
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
