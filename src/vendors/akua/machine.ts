import { assign, setup } from 'xstate'
import { shareData } from '../../core/data.js'
import { failureOf } from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'
import type { Effect } from './starter.js'

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped'

export interface StepDefinition {
  name: string
  execution_type: 'system' | 'user' | 'approval' | 'skipped'
  retryable: boolean
  skippable: boolean
}

/** What an operation is about: its workspace, owner, and what its creator set. */
export interface OperationMeta {
  workspaceId: string
  organizationId: string
  ownerType: string
  ownerId: string
  metadata: Record<string, unknown>
  response: Record<string, unknown> | null
  /** What it does to the resource it acts on, applied when it ends. */
  effect: Effect
}

export interface OperationInput {
  steps: StepDefinition[]
  meta: OperationMeta
  /**
   * The scenario's step delay, outcome (at a point of the steps) and options (drainSteps,
   * retryStep, retryMessage).
   */
  profile: Profile
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

// What an operation's steps start as, one frozen pair a list of steps (shared data, as the lists
// are): a memoised first step then compares them by identity, not element by element.
type Start = Pick<OperationContext, 'statuses' | 'errors'>
const starts = new WeakMap<StepDefinition[], Start>()
const startOf = (steps: StepDefinition[]): Start => {
  const known = starts.get(steps)
  if (known) return known
  const statuses = steps.map((_, i): StepStatus => (i === 0 ? 'running' : 'pending'))
  const start = shareData({ statuses, errors: steps.map(() => null) }) as Start
  starts.set(steps, start)
  return start
}

const set = <T>(list: T[], i: number, value: T) => list.map((item, j) => (j === i ? value : item))

/** The step a failing or stalling outcome strikes, by its point of progress through the steps. */
const struck = ({ profile, steps }: OperationContext, kind: 'fail' | 'stall') =>
  profile.outcome.kind === kind
    ? Math.min(steps.length - 1, Math.floor(profile.outcome.at * steps.length))
    : undefined
const failure = ({ profile }: OperationContext) =>
  failureOf(profile, String(profile.options.retryMessage))

/**
 * An Akua operation, as in BEHAVIOUR.md §4: RUNNING → SUCCEEDED | FAILED | CANCELLED, its steps
 * advancing one by one on the clock. A cancel is drained: the worker finishes the current step
 * (or `drainSteps` of them), then the operation is CANCELLED.
 */
export const operationMachine = setup({
  types: {
    context: {} as OperationContext,
    events: {} as OperationEvent,
    input: {} as OperationInput,
  },
  guards: {
    stalls: ({ context }) => struck(context, 'stall') === context.index,
    failsForGood: ({ context }) => struck(context, 'fail') === context.index,
    failsOnce: ({ context }) =>
      context.profile.options.retryStep === context.index &&
      context.statuses[context.index] === 'running' &&
      context.errors[context.index] === null,
    retrying: ({ context }) => context.statuses[context.index] === 'failed',
    drained: ({ context }) => context.cancelRequested && context.drainLeft <= 1,
    notRequested: ({ context }) => !context.cancelRequested,
    lastStep: ({ context }) => context.index === context.steps.length - 1,
  },
  actions: {
    failStep: assign(({ context }) => {
      const message = failure(context)
      const step_name = context.steps[context.index]!.name
      return {
        statuses: set(context.statuses, context.index, 'failed'),
        errors: set(context.errors, context.index, message),
        lastError: { message, step_name },
      }
    }),
    failOperation: assign({ error: ({ context }) => failure(context) }),
    retryStep: assign({
      statuses: ({ context }) => set(context.statuses, context.index, 'running'),
    }),
    completeStep: assign(({ context }) => ({
      statuses: set(context.statuses, context.index, 'completed'),
      errors: set(context.errors, context.index, null),
      lastError:
        context.lastError?.step_name === context.steps[context.index]!.name
          ? null
          : context.lastError,
    })),
    startNextStep: assign(({ context }) => ({
      index: context.index + 1,
      statuses: set(context.statuses, context.index + 1, 'running'),
      drainLeft: context.cancelRequested ? context.drainLeft - 1 : context.drainLeft,
    })),
    skipPending: assign({
      statuses: ({ context }) => context.statuses.map((s) => (s === 'pending' ? 'skipped' : s)),
    }),
    cancelOperation: assign({ error: CANCELLED_MESSAGE }),
    requestCancel: assign({
      cancelRequested: true,
      drainLeft: ({ context }) =>
        context.cancelRequested ? context.drainLeft : Number(context.profile.options.drainSteps),
    }),
  },
  delays: { step: ({ context }) => context.profile.delays.step! },
}).createMachine({
  id: 'akua.operation',
  context: ({ input }) => ({
    ...input,
    index: 0,
    ...startOf(input.steps),
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
          {
            guard: 'failsForGood',
            target: 'FAILED',
            actions: ['failStep', 'skipPending', 'failOperation'],
          },
          { guard: 'failsOnce', target: 'RUNNING', reenter: true, actions: 'failStep' },
          { guard: 'retrying', target: 'RUNNING', reenter: true, actions: 'retryStep' },
          {
            guard: 'drained',
            target: 'CANCELLED',
            actions: ['completeStep', 'skipPending', 'cancelOperation'],
          },
          { guard: 'lastStep', target: 'SUCCEEDED', actions: 'completeStep' },
          { target: 'RUNNING', reenter: true, actions: ['completeStep', 'startNextStep'] },
        ],
      },
      // A second cancel changes nothing: it is not taken, so the operation's revision (ETag) stays.
      on: { cancel: { guard: 'notRequested', actions: 'requestCancel' } },
    },
    SUCCEEDED: { type: 'final' },
    FAILED: { type: 'final' },
    CANCELLED: { type: 'final' },
  },
})
