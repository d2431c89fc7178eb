import { assign, setup } from 'xstate'

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped'

export interface StepDefinition {
  name: string
  execution_type: 'system' | 'user' | 'approval' | 'skipped'
  retryable: boolean
  skippable: boolean
}

/** How one operation behaves; the defaults are realistic, scenarios change them. */
export interface OperationProfile {
  stepMs: number
  /** This step fails for good, with this message. */
  failAt?: { step: number; message: string }
  /** This step fails once, then succeeds on its retry. */
  retryAt?: { step: number; message: string }
  /** This step never finishes. */
  stallAt?: number
  /** How many steps the worker finishes after a cancel before it stops (1: the current one). */
  drainSteps: number
}

export const defaultProfile: OperationProfile = { stepMs: 20_000, drainSteps: 1 }

export interface OperationInput {
  steps: StepDefinition[]
  profile: OperationProfile
}

export interface OperationContext extends OperationInput {
  index: number
  statuses: StepStatus[]
  errors: Array<string | null>
  lastError: { message: string; step_name: string } | null
  cancelRequested: boolean
  drainLeft: number
  error: string | null
}

export type OperationEvent = { type: 'cancel' }

export const CANCELLED_MESSAGE = 'Operation was cancelled'

const set = <T>(list: T[], i: number, value: T) => list.map((item, j) => (j === i ? value : item))

/**
 * An Akua operation, as in BEHAVIOUR.md §4: RUNNING → SUCCEEDED | FAILED | CANCELLED, its steps
 * advancing one by one on the clock. A cancel is drained: the worker finishes the current step
 * (or `drainSteps` of them), then the operation is CANCELLED.
 */
export const operationMachine = setup({
  types: { context: {} as OperationContext, events: {} as OperationEvent, input: {} as OperationInput },
  guards: {
    stalls: ({ context }) => context.profile.stallAt === context.index,
    failsForGood: ({ context }) => context.profile.failAt?.step === context.index,
    failsOnce: ({ context }) =>
      context.profile.retryAt?.step === context.index && context.statuses[context.index] === 'running' && context.errors[context.index] === null,
    retrying: ({ context }) => context.statuses[context.index] === 'failed',
    drained: ({ context }) => context.cancelRequested && context.drainLeft <= 1,
    lastStep: ({ context }) => context.index === context.steps.length - 1,
  },
  actions: {
    failStep: assign(({ context }) => {
      const message = (context.profile.failAt ?? context.profile.retryAt)!.message
      const step_name = context.steps[context.index]!.name
      return {
        statuses: set(context.statuses, context.index, 'failed'),
        errors: set(context.errors, context.index, message),
        lastError: { message, step_name },
      }
    }),
    failOperation: assign({ error: ({ context }) => context.profile.failAt!.message }),
    retryStep: assign({ statuses: ({ context }) => set(context.statuses, context.index, 'running') }),
    completeStep: assign(({ context }) => ({
      statuses: set(context.statuses, context.index, 'completed'),
      errors: set(context.errors, context.index, null),
      lastError: context.lastError?.step_name === context.steps[context.index]!.name ? null : context.lastError,
    })),
    startNextStep: assign(({ context }) => ({
      index: context.index + 1,
      statuses: set(context.statuses, context.index + 1, 'running'),
      drainLeft: context.cancelRequested ? context.drainLeft - 1 : context.drainLeft,
    })),
    skipPending: assign({ statuses: ({ context }) => context.statuses.map((s) => (s === 'pending' ? 'skipped' : s)) }),
    cancelOperation: assign({ error: CANCELLED_MESSAGE }),
    requestCancel: assign({
      cancelRequested: true,
      drainLeft: ({ context }) => (context.cancelRequested ? context.drainLeft : context.profile.drainSteps),
    }),
  },
  delays: { step: ({ context }) => context.profile.stepMs },
}).createMachine({
  id: 'akua.operation',
  context: ({ input }) => ({
    ...input,
    index: 0,
    statuses: input.steps.map((_, i) => (i === 0 ? 'running' : 'pending')),
    errors: input.steps.map(() => null),
    lastError: null,
    cancelRequested: false,
    drainLeft: 0,
    error: null,
  }),
  initial: 'RUNNING',
  states: {
    RUNNING: {
      after: {
        step: [
          { guard: 'stalls' },
          { guard: 'failsForGood', target: 'FAILED', actions: ['failStep', 'skipPending', 'failOperation'] },
          { guard: 'failsOnce', target: 'RUNNING', reenter: true, actions: 'failStep' },
          { guard: 'retrying', target: 'RUNNING', reenter: true, actions: 'retryStep' },
          { guard: 'drained', target: 'CANCELLED', actions: ['completeStep', 'skipPending', 'cancelOperation'] },
          { guard: 'lastStep', target: 'SUCCEEDED', actions: 'completeStep' },
          { target: 'RUNNING', reenter: true, actions: ['completeStep', 'startNextStep'] },
        ],
      },
      on: { cancel: { actions: 'requestCancel' } },
    },
    SUCCEEDED: { type: 'final' },
    FAILED: { type: 'final' },
    CANCELLED: { type: 'final' },
  },
})
