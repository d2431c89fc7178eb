import type { Profile } from './profile.js'

/*
 * The scenario's outcome as the machines read it: `import * as outcome from '../../vendor/outcome.js'`,
 * then `guards: { ...outcome.guards }`, `after: { running: outcome.runEnds('failed', 'completed') }`.
 */

/**
 * How long a job that would run `total` ms runs before the scenario's failure ends it: the
 * point of progress it fails at, else `total`.
 *
 * @example
 * failsAfter({ ...profile, outcome: { kind: 'fail', at: 0.5, message } }, 120_000) // 60_000
 */
export function failsAfter(profile: Profile, total: number): number {
  return profile.outcome.kind === 'fail' ? Math.round(profile.outcome.at * total) : total
}

/**
 * Where a stalling job stops making progress, in ms of running; undefined when it does not stall.
 */
export function stallsAfter(profile: Profile, total: number): number | undefined {
  return profile.outcome.kind === 'stall' ? Math.round(profile.outcome.at * total) : undefined
}

/** The guards `runEnds` names, for a machine's `setup({ guards })`: the scenario's outcome. */
export const guards = {
  failsMidway: ({ context }: { context: { profile: Profile } }) =>
    context.profile.outcome.kind === 'fail',
  finishes: ({ context }: { context: { profile: Profile } }) =>
    context.profile.outcome.kind === 'complete',
}

/**
 * How a run ends when its delay is over, as the scenario's outcome says: `failed` (through the
 * machine's `recordFailure` action), `completed`, or, for a stall, not at all.
 *
 * @example
 * running: { after: { running: runEnds('failed', 'completed') } }
 */
export function runEnds<F extends string, C extends string>(failed: F, completed: C) {
  return [
    { guard: 'failsMidway' as const, target: failed, actions: 'recordFailure' as const },
    { guard: 'finishes' as const, target: completed },
  ]
}

/** The failure message a scenario gives, else the vendor's own. */
export const failureOf = (profile: Profile, fallback: string): string =>
  profile.outcome.kind === 'fail' ? profile.outcome.message : fallback
