import { realDelay, wallNow } from '../core/real-time.js'
import { differ, exchange, type StepContext } from './exchange.js'
import type { Planned } from './lifecycle.js'
import type { Tracker } from './machine.js'
import type { Values } from './plan.js'

/** What a lifecycle knows of its job: the values its requests are filled with, and its states. */
export interface Job {
  values: Values
  tracker: Tracker
  states: string[]
}

/** Runs one step; returns what it did, or undefined when the lifecycle cannot go on. */
export async function runStep(ctx: StepContext, step: Planned, job: Job, pollMs: number) {
  const { plan } = ctx
  const id = job.values.job
  const valuesFor = (param?: string) => (param && id ? { ...job.values, [param]: id } : job.values)
  const stateIn = (answer: unknown) => plan.seen(answer).find((s) => s.id === id)?.state
  if (step.kind === 'start') {
    const done = await exchange(ctx, plan.start, job.values, plan.status.start, 'a job started')
    const started = done.answer && plan.start.id(done.answer.body)
    if (done.answer?.status !== plan.status.start) return undefined
    if (!started) return void differ(ctx, done, 'the new job and its id', 'no job id')
    job.values.job = started
    const state = plan.seen(done.answer.body).find((s) => s.id === started)?.state
    const wrong = state && job.tracker.observe(state)
    if (wrong) differ(ctx, done, 'a state the machine starts in', wrong)
    if (state) job.states.push(state)
    return `job ${started}${state ? ` ${state}` : ''}`
  }
  if (step.kind === 'poll') {
    const targets = plan.states[step.until]
    for (let polls = 1; ; polls++) {
      const done = await exchange(
        ctx,
        plan.poll,
        valuesFor(plan.poll.job),
        plan.status.poll,
        'the job',
      )
      if (done.answer?.status !== plan.status.poll) return undefined
      const state = stateIn(done.answer.body)
      if (!state) return void differ(ctx, done, `job ${id} in the answer`, 'no such job')
      const wrong = job.tracker.observe(state)
      if (wrong) differ(ctx, done, 'a state the machine allows next', wrong)
      if (job.states.at(-1) !== state) job.states.push(state)
      const path = `${job.states.join(' → ')}, ${polls} poll${polls === 1 ? '' : 's'}`
      if (targets.includes(state)) return path
      if (job.tracker.final(state))
        return void differ(ctx, done, targets.join(' or '), `${state}, a final state`)
      if (wallNow() + pollMs >= ctx.deadline)
        return void differ(
          ctx,
          done,
          `${targets.join(' or ')} within the time limit`,
          `still ${state}`,
        )
      await realDelay(pollMs)
    }
  }
  if (step.kind === 'cancel') {
    const accepted = step.expect === 'accepted'
    const status = accepted ? plan.status.cancel : plan.status.refusal
    const why = accepted ? 'the cancel accepted' : 'the cancel refused'
    const done = await exchange(ctx, plan.cancel, valuesFor(plan.cancel.job), status, why)
    if (!done.answer) return undefined
    if (accepted && done.answer.status === status) {
      const shown = stateIn(done.answer.body)
      const wrong = job.tracker.accept('cancel', shown)
      if (wrong) differ(ctx, done, 'what the machine does on a cancel', wrong)
      if (shown && job.states.at(-1) !== shown) job.states.push(shown)
    }
    return `${done.answer.status}`
  }
  if (step.kind === 'cleanup') {
    const call = plan.cleanup!
    const done = await exchange(
      ctx,
      call,
      valuesFor(call.job),
      200,
      'what the lifecycle made, removed',
    )
    return done.answer ? `${done.answer.status}` : undefined
  }
  const statuses: number[] = []
  for (const call of plan.missing) {
    const fresh = { ...job.values, [call.job!]: plan.freshId() }
    const done = await exchange(ctx, call, fresh, plan.status.missing, 'no such job')
    if (done.answer) statuses.push(done.answer.status)
  }
  return statuses.join(', ')
}
