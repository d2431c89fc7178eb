import { assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

export type ExecutionMode = 'INCREMENTAL' | 'FULL_REFRESH'

/** What every Peaka workflow carries: the scenario's delays, outcome and options. */
export interface WorkflowInput {
  /** Delays (incremental, fullRefresh, materializedRefresh, cancelAck), outcome, options. */
  profile: Profile
}

export interface ExecutionInput extends WorkflowInput {
  cacheId: string
  mode: ExecutionMode
  /** Rows the cache held when this execution started. */
  baseline: number
}

/** One refresh of a materialized query. */
export interface RefreshInput extends WorkflowInput {
  projectId: string
  queryId: string
}

export type WorkflowContext<I extends WorkflowInput> = I & { error: string | null }
export type ExecutionContext = WorkflowContext<ExecutionInput>
export type RefreshContext = WorkflowContext<RefreshInput>

export type WorkflowEvent = { type: 'cancel' } | { type: 'fail' }

/**
 * A Peaka Temporal workflow, as in BEHAVIOUR.md §1: RUNNING → COMPLETED | FAILED | CANCELLED.
 * A cancel is a signal: the workflow stops a little later, or, in its final stages, completes
 * anyway. `runOf` says how long it runs before it ends by itself (completes, or fails).
 */
function workflowMachine<I extends WorkflowInput>(id: string, runOf: (input: I) => number) {
  return setup({
    types: {
      context: {} as WorkflowContext<I>,
      events: {} as WorkflowEvent,
      input: {} as I,
    },
    guards: {
      ...outcome.guards,
      finishesDespiteCancel: ({ context }) =>
        context.profile.options.finishesDespiteCancel === true,
    },
    actions: {
      recordFailure: assign(({ context }) => ({
        ...context,
        error: outcome.failureOf(context.profile, 'Workflow failed'),
      })),
    },
    delays: {
      run: ({ context }) => outcome.failsAfter(context.profile, runOf(context)),
      cancelAck: ({ context }) => context.profile.delays.cancelAck!,
    },
  }).createMachine({
    id,
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
                { guard: 'finishesDespiteCancel', target: `#${id}.COMPLETED` },
                { target: `#${id}.CANCELLED` },
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
}

const runOfExecution = ({ mode, profile }: WorkflowInput & { mode: ExecutionMode }) =>
  mode === 'INCREMENTAL' ? profile.delays.incremental! : profile.delays.fullRefresh!

/** How long an execution runs before it ends by itself (completes, or fails). */
export const durationOf = (input: ExecutionInput) =>
  outcome.failsAfter(input.profile, runOfExecution(input))

/** One Peaka cache execution: an incremental sync or a full refresh of one table. */
export const executionMachine = workflowMachine<ExecutionInput>('peakaExecution', runOfExecution)

/** One refresh of a materialized query: its SQL runs again and its result is replaced. */
export const refreshMachine = workflowMachine<RefreshInput>(
  'peakaMaterializedRefresh',
  ({ profile }) => profile.delays.materializedRefresh!,
)
