import { assign, setup } from 'xstate'

export type ExecutionMode = 'INCREMENTAL' | 'FULL_REFRESH'

/** How one execution behaves; the defaults are realistic, scenarios change them. */
export interface ExecutionProfile {
  incrementalMs: number
  fullRefreshMs: number
  /** How long the workflow takes to act on a cancel signal. */
  cancelAckMs: number
  /** Best effort: the workflow was in its final stages and completes anyway. */
  finishesDespiteCancel: boolean
  failure?: { at: number; message: string }
  stalls: boolean
  rates: { inserted: number; updated: number; deleted: number }
}

export const defaultProfile: ExecutionProfile = {
  incrementalMs: 45_000,
  fullRefreshMs: 180_000,
  cancelAckMs: 5_000,
  finishesDespiteCancel: false,
  stalls: false,
  rates: { inserted: 40, updated: 8, deleted: 1 },
}

export interface ExecutionInput {
  cacheId: string
  mode: ExecutionMode
  /** Rows the cache held when this execution started. */
  baseline: number
  profile: ExecutionProfile
}

export interface ExecutionContext extends ExecutionInput {
  error: string | null
}

export type ExecutionEvent = { type: 'cancel' } | { type: 'fail' }

const runMs = ({ mode, profile }: ExecutionInput) => (mode === 'INCREMENTAL' ? profile.incrementalMs : profile.fullRefreshMs)

/** How long an execution runs before it ends by itself (completes, or fails). */
export const durationOf = (input: ExecutionInput) =>
  input.profile.failure ? Math.round(input.profile.failure.at * runMs(input)) : runMs(input)

/**
 * One Peaka cache execution (a Temporal workflow), as in BEHAVIOUR.md §1:
 * RUNNING → COMPLETED | FAILED | CANCELLED. A cancel is a signal: the workflow stops a little
 * later, or, in its final stages, completes anyway.
 */
export const executionMachine = setup({
  types: { context: {} as ExecutionContext, events: {} as ExecutionEvent, input: {} as ExecutionInput },
  guards: {
    failsMidway: ({ context }) => context.profile.failure !== undefined,
    finishes: ({ context }) => !context.profile.stalls && context.profile.failure === undefined,
    finishesDespiteCancel: ({ context }) => context.profile.finishesDespiteCancel,
  },
  actions: {
    recordFailure: assign({ error: ({ context }) => context.profile.failure?.message ?? 'Workflow failed' }),
  },
  delays: {
    run: ({ context }) => durationOf(context),
    cancelAck: ({ context }) => context.profile.cancelAckMs,
  },
}).createMachine({
  id: 'peakaExecution',
  context: ({ input }) => ({ ...input, error: null }),
  initial: 'RUNNING',
  states: {
    RUNNING: {
      initial: 'working',
      after: {
        run: [
          { guard: 'failsMidway', target: 'FAILED', actions: 'recordFailure' },
          { guard: 'finishes', target: 'COMPLETED' },
        ],
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

/** The wire status of a snapshot: its top-level state (RUNNING while working or stopping). */
export const executionPhase = (snapshot: { value: unknown }): string =>
  typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value as object)[0]!
