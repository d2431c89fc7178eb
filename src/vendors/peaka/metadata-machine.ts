import { and, assign, setup } from 'xstate'
import * as outcome from '../../vendor/outcome.js'
import type { Profile } from '../../vendor/profile.js'

export interface MetadataInput {
  projectId: string
  catalogId: string
  /** Where this job's end is told, when its request named a place (else the registered one). */
  callbackURL?: string
  callbackToken?: string
  /** Delays (metadataQueue, metadataRefresh, metadataBackoff), outcome, options. */
  profile: Profile
}

export interface MetadataContext extends MetadataInput {
  attempt: number
  paused: boolean
  error: string | null
}

export type MetadataEvent = { type: 'resume' } | { type: 'fail' }

/** The states in which a job still holds its catalog: a second refresh joins it. */
export const LIVE = new Set(['WAITING', 'PAUSED', 'ACTIVE', 'DELAYED'])

/**
 * One Peaka metadata refresh job, a queue job whose status is the vendor's enum
 * (MetadataRefreshJobStatusResult): WAITING → ACTIVE → COMPLETED; a failed attempt is DELAYED
 * and retried until the attempts run out (FAILED); a paused queue holds it PAUSED; a job that
 * stops making progress is STUCK. NOT_ACTIVE is a catalog with no job.
 */
export const metadataMachine = setup({
  types: {
    context: {} as MetadataContext,
    events: {} as MetadataEvent,
    input: {} as MetadataInput,
  },
  guards: {
    ...outcome.guards,
    paused: ({ context }) => context.paused,
    attemptsLeft: ({ context }) =>
      context.attempt < Number(context.profile.options.metadataAttempts ?? 1),
    stalls: ({ context }) => context.profile.outcome.kind === 'stall',
  },
  actions: {
    recordFailure: assign({
      error: ({ context }) => outcome.failureOf(context.profile, 'Metadata refresh failed'),
    }),
    retry: assign({ attempt: ({ context }) => context.attempt + 1 }),
    resume: assign({ paused: false }),
  },
  delays: {
    queue: ({ context }) => context.profile.delays.metadataQueue!,
    refresh: ({ context }) =>
      outcome.failsAfter(context.profile, context.profile.delays.metadataRefresh!),
    // When it does not stall, this falls with the end of the run, which is scheduled first.
    stall: ({ context }) =>
      outcome.stallsAfter(context.profile, context.profile.delays.metadataRefresh!) ??
      context.profile.delays.metadataRefresh!,
    backoff: ({ context }) => context.profile.delays.metadataBackoff!,
  },
}).createMachine({
  id: 'peakaMetadataRefresh',
  context: ({ input }) => ({
    ...input,
    attempt: 1,
    paused: input.profile.options.metadataQueuePaused === true,
    error: null,
  }),
  initial: 'WAITING',
  states: {
    WAITING: {
      always: { guard: 'paused', target: 'PAUSED' },
      after: { queue: 'ACTIVE' },
    },
    PAUSED: { on: { resume: { target: 'WAITING', actions: 'resume' } } },
    ACTIVE: {
      after: {
        refresh: [
          {
            guard: and(['failsMidway', 'attemptsLeft']),
            target: 'DELAYED',
            actions: 'recordFailure',
          },
          ...outcome.runEnds('FAILED', 'COMPLETED'),
        ],
        stall: { guard: 'stalls', target: 'STUCK' },
      },
      on: {
        fail: [
          { guard: 'attemptsLeft', target: 'DELAYED', actions: 'recordFailure' },
          { target: 'FAILED', actions: 'recordFailure' },
        ],
      },
    },
    DELAYED: { after: { backoff: { target: 'ACTIVE', actions: 'retry' } } },
    COMPLETED: { type: 'final' },
    FAILED: { type: 'final' },
    STUCK: { type: 'final' },
  },
})
