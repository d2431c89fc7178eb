import { randomBytes } from 'node:crypto'
import { wallNow } from '../core/real-time.js'
import type { Vendor } from '../vendor/types.js'
import type { Difference, StepContext } from './exchange.js'
import { trackJob } from './machine.js'
import { stepsOf, nameOf, writes } from './lifecycle.js'
import { LIFECYCLES, type Plan, type Values } from './plan.js'
import { runStep, type Job } from './steps.js'
import type { SpecCheck } from './spec-check.js'

/** One step as it went. */
export interface StepResult {
  name: string
  outcome: 'passed' | 'failed' | 'skipped'
  /** What happened, in a few words ("pending → running, 4 polls"), or why it was skipped. */
  detail: string
  requests: number
  ms: number
  differences: Difference[]
}

export interface LifecycleResult {
  name: string
  about: string
  steps: StepResult[]
}

export interface VerifyResult {
  vendor: string
  baseUrl: string
  spec: string
  lifecycles: LifecycleResult[]
  differences: number
  requests: number
}

export interface VerifyOptions {
  plan: Plan
  vendor: Vendor
  /** Every request goes below it, and nowhere else. */
  baseUrl: string
  /** What the plan's needs gave: credentials and resource ids. */
  values: Values
  spec: SpecCheck
  /** Which lifecycles to run (default all). */
  lifecycles?: string[]
  /** Without it, lifecycles that write (start, cancel, delete) are skipped. */
  allowWrites?: boolean
  pollMs?: number
  /** How long one step may take: a poll until a state, say. */
  stepTimeoutMs?: number
  requestTimeoutMs?: number
  /** Told as each step ends (progress for the console). */
  onStep?(lifecycle: string, step: StepResult): void
}

/**
 * Replays the plan's lifecycles against a base URL on the real clock, checking each answer's
 * status, its body against the spec, and each state the job shows against what the vendor's
 * machine allows next. Lifecycles that write are skipped unless `allowWrites`.
 *
 * @example
 * const result = await verify({ plan, vendor, baseUrl, values, spec, allowWrites: true })
 * result.differences // 0 when the service behaves as jobfake does
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const {
    plan,
    vendor,
    pollMs = 2000,
    stepTimeoutMs = 300_000,
    requestTimeoutMs = 30_000,
  } = options
  const base = options.baseUrl.replace(/\/+$/, '')
  const machine = vendor.jobs[plan.kind]!.machine
  const result: VerifyResult = {
    vendor: plan.vendor,
    baseUrl: base,
    spec: options.spec.file,
    lifecycles: [],
    differences: 0,
    requests: 0,
  }
  const every = [plan.start, plan.poll, plan.cancel, ...plan.missing, plan.cleanup]
  options.spec.warm(every.filter((call) => call !== undefined))
  for (const name of options.lifecycles ?? Object.keys(LIFECYCLES)) {
    const lifecycle: LifecycleResult = { name, about: LIFECYCLES[name]!.about, steps: [] }
    result.lifecycles.push(lifecycle)
    const steps = stepsOf(plan, name)
    const refused = !options.allowWrites && steps.some((s) => writes(plan, s))
    const job: Job = {
      // A fresh suffix names what the lifecycle creates (Akua's cluster, Chroma's collection).
      values: { ...options.values, suffix: randomBytes(3).toString('hex') },
      tracker: trackJob(machine, ['cancel']),
      states: [],
    }
    let stopped: string | undefined = refused ? 'it writes: run with --allow-writes' : undefined
    for (const step of steps) {
      const began = wallNow()
      const ctx: StepContext = {
        ...{ plan, base, spec: options.spec, lifecycle: name, step: nameOf(plan, step) },
        deadline: began + stepTimeoutMs,
        requestTimeoutMs,
        differences: [],
        requests: 0,
      }
      // Cleanup runs even after a failed step, as long as something was started.
      const skip =
        step.kind === 'cleanup' && !refused
          ? job.values.job
            ? undefined
            : 'nothing was started'
          : stopped
      const detail = skip ?? (await runStep(ctx, step, job, pollMs))
      const outcome = skip
        ? 'skipped'
        : ctx.differences.length > 0 || detail === undefined
          ? 'failed'
          : 'passed'
      if (detail === undefined) stopped ??= 'an earlier step failed'
      const ms = Math.round(wallNow() - began)
      const done: StepResult = {
        ...{ name: ctx.step, outcome, detail: detail ?? 'stopped', requests: ctx.requests, ms },
        differences: ctx.differences,
      }
      lifecycle.steps.push(done)
      result.differences += ctx.differences.length
      result.requests += ctx.requests
      options.onStep?.(name, done)
    }
  }
  return result
}
