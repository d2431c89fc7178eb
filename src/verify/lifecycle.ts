import { LIFECYCLES, type Call, type Plan, type Step } from './plan.js'

/** A step of a lifecycle as run: the plan's own, or its cleanup. */
export type Planned = Step | { kind: 'cleanup' }

/** The steps of a lifecycle, the plan's cleanup after it when it starts a job. */
export function stepsOf(plan: Plan, lifecycle: string): Planned[] {
  const { steps } = LIFECYCLES[lifecycle]!
  return plan.cleanup && steps.some((s) => s.kind === 'start')
    ? [...steps, { kind: 'cleanup' }]
    : steps
}

/** A step's name in the report: what it does and the requests it sends. */
export function nameOf(plan: Plan, step: Planned): string {
  const what =
    step.kind === 'poll'
      ? `poll until ${plan.states[step.until].join(' or ')}`
      : step.kind === 'cancel'
        ? `cancel (${step.expect})`
        : { start: 'start', cleanup: 'clean up', missing: 'not found' }[step.kind]
  return `${what}: ${callsOf(plan, step)
    .map((c) => `${c.method} ${c.path}`)
    .join(', ')}`
}

/** The requests a step sends. */
export function callsOf(plan: Plan, step: Planned): Call[] {
  if (step.kind === 'start') return [plan.start]
  if (step.kind === 'poll') return [plan.poll]
  if (step.kind === 'cancel') return [plan.cancel]
  if (step.kind === 'cleanup') return [plan.cleanup!]
  return plan.missing
}

/** Does a step write to the account (start, cancel, delete)? */
export const writes = (plan: Plan, step: Planned) =>
  callsOf(plan, step).some((call) => call.effect === 'write')
