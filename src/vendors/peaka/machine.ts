import { assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

export type ExecutionMode = 'INCREMENTAL' | 'FULL_REFRESH'

export interface ExecutionInput {
  cacheId: string
  mode: ExecutionMode
  /** Rows the cache held when this execution started. */
  baseline: number
  /**
   * The scenario's delays (incremental, fullRefresh, cancelAck), outcome and options
   * (finishesDespiteCancel).
   */
  profile: Profile
}

export interface ExecutionContext extends ExecutionInput {
  error: string | null
}

export type ExecutionEvent = { type: 'cancel' } | { type: 'fail' }

/** How long an execution runs before it ends by itself (completes, or fails). */
export const durationOf = ({ mode, profile }: ExecutionInput) =>
  outcome.failsAfter(
    profile,
    mode === 'INCREMENTAL' ? profile.delays.incremental! : profile.delays.fullRefresh!,
  )

/**
 * One Peaka cache execution (a Temporal workflow), as in BEHAVIOUR.md §1:
 * RUNNING → COMPLETED | FAILED | CANCELLED. A cancel is a signal: the workflow stops a little
 * later, or, in its final stages, completes anyway.
 */
export const executionMachine = setup({
  types: {
    context: {} as ExecutionContext,
    events: {} as ExecutionEvent,
    input: {} as ExecutionInput,
  },
  guards: {
    ...outcome.guards,
    finishesDespiteCancel: ({ context }) => context.profile.options.finishesDespiteCancel === true,
  },
  actions: {
    recordFailure: assign({
      error: ({ context: { profile } }) => outcome.failureOf(profile, 'Workflow failed'),
    }),
  },
  delays: {
    run: ({ context }) => durationOf(context),
    cancelAck: ({ context }) => context.profile.delays.cancelAck!,
  },
}).createMachine({
  id: 'peakaExecution',
  context: ({ input }) => ({ ...input, error: null }),
  initial: 'RUNNING',
  states: {
    RUNNING: {
      initial: 'working',
      after: {
        run: outcome.runEnds('FAILED', 'COMPLETED'),
      },
      on: { fail: { target: 'FAILED', actions: 'recordFailure' } },
      states: {
        working: { on: { cancel: 'stopping' } },
        stopping: {
          after: {
            cancelAck: [
              { guard: 'finishesDespiteCancel', target: '#peakaExecution.COMPLETED' },
              { target: '#peakaExecution.CANCELLED' },
            ],
          },
        },
      },
    },
    COMPLETED: { type: 'final' },
    FAILED: { type: 'final' },
    CANCELLED: { type: 'final' },
  },
})
