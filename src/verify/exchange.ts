import { realDelay, wallNow } from '../core/real-time.js'
import type { Call, Plan, Values } from './plan.js'
import { requestOf, send, shown, type Sent } from './send.js'
import type { Answer, SpecCheck } from './spec-check.js'

/** A difference between what the service did and what jobfake expects of it. */
export interface Difference {
  lifecycle: string
  step: string
  /** The request, credentials redacted. */
  request: Sent
  /** What came back; absent when nothing did (refused connection, timeout). */
  answer?: Answer
  expected: string
  found: string
}

/** What a step shares with every exchange it makes. */
export interface StepContext {
  plan: Plan
  base: string
  spec: SpecCheck
  lifecycle: string
  step: string
  /** Real time (wallNow) by which the step must be done. */
  deadline: number
  requestTimeoutMs: number
  differences: Difference[]
  requests: number
}

export type Exchanged = { sent: Sent; answer?: Answer }

const retryAfterMs = (answer: Answer) => {
  const seconds = Number(answer.headers['retry-after'])
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000
}

/**
 * Sends a call and checks its answer: the status, then the body against the spec. A 429 is the
 * service asking to wait: its Retry-After is honoured (within the step's time limit) and the
 * request sent again, as the vendors' own SDKs do. Differences go to the step's list.
 */
export async function exchange(
  ctx: StepContext,
  call: Call,
  values: Values,
  expected: number,
  why: string,
): Promise<Exchanged> {
  const sent = requestOf(ctx.plan, ctx.base, call, values)
  for (;;) {
    let answer: Answer
    try {
      const left = Math.max(1, Math.floor(Math.min(ctx.requestTimeoutMs, ctx.deadline - wallNow())))
      ctx.requests++
      answer = (await send(sent, left)).answer
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? 'no answer in time' : String(error)
      differ(ctx, { sent }, `an answer ${expected} (${why})`, reason)
      return { sent }
    }
    const wait = answer.status === 429 ? retryAfterMs(answer) : undefined
    if (wait !== undefined && wallNow() + wait < ctx.deadline) {
      await realDelay(wait)
      continue
    }
    if (answer.status !== expected)
      differ(ctx, { sent, answer }, `${expected} (${why})`, `status ${answer.status}`)
    else {
      const broken = ctx.spec.check(sent.method, sent.path, answer)
      const seen = new Set(ctx.differences.map((d) => d.found))
      const found = `a body that breaks ${ctx.spec.file}: ${broken.join('; ')}`
      // A poll repeats what broke the spec; it is reported once a step.
      if (broken.length > 0 && !seen.has(found))
        differ(ctx, { sent, answer }, `${call.operation} as the spec declares`, found)
    }
    return { sent, answer }
  }
}

/** Records a difference about an answer already exchanged (the state it shows, say). */
export function differ(
  ctx: StepContext,
  { sent, answer }: Exchanged,
  expected: string,
  found: string,
) {
  ctx.differences.push({
    lifecycle: ctx.lifecycle,
    step: ctx.step,
    request: shown(sent),
    answer,
    expected,
    found,
  })
}
