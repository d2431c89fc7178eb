import type { Plan } from '../verify/plan.js'
import { entered, pathOf, type Bracket, type Trace } from './traces.js'

/** A duration the recording brackets: its midpoint, and how wide the bracket is. */
export interface Estimate {
  ms: number
  width: number
  samples: number
  /** False when the samples' brackets do not overlap (then `ms` is the mean of their midpoints). */
  consistent: boolean
}

/** How a job ended in the recording. */
export interface JobEnding {
  id: string
  path: string[]
  ending: 'completed' | 'failed' | 'cancelled' | 'unfinished'
  error?: string
  /** How long the cancel took to land, from the cancel request to the cancelled state. */
  cancelLanded?: Estimate
}

export interface Derived {
  delays: Record<string, Estimate>
  jobs: JobEnding[]
  /** The scenario's outcome: a failure if any job failed by itself, else completion. */
  outcome: { kind: 'complete' } | { kind: 'fail'; at: number; message: string }
}

const span = (from: Bracket, to: Bracket): Bracket => ({
  lo: Math.max(0, to.lo - from.hi),
  hi: to.hi - from.lo,
})

/** Several brackets of one duration: their overlap, or, when they disagree, their mean. */
export function combine(brackets: Bracket[], scale = 1): Estimate {
  const lo = Math.max(...brackets.map((b) => b.lo))
  const hi = Math.min(...brackets.map((b) => b.hi))
  const consistent = lo <= hi
  const mid = consistent
    ? (lo + hi) / 2
    : brackets.reduce((sum, b) => sum + (b.lo + b.hi) / 2, 0) / brackets.length
  const width = consistent ? hi - lo : Math.max(...brackets.map((b) => b.hi - b.lo))
  return {
    ms: Math.round(mid * scale),
    width: Math.round(width * scale),
    samples: brackets.length,
    consistent,
  }
}

/**
 * Reads a vendor's timings and outcomes out of the jobs of a recording: each delay of the plan
 * from the brackets of the two state changes it spans, each job's ending, and how long its
 * cancel took to land. `scale` multiplies recorded time (a jobfake recorded under scaled:<f>).
 *
 * @example
 * derive(traces, airweavePlan, { initial: 'pending', finals }).delays.running // { ms: 120000, … }
 */
export function derive(
  traces: Trace[],
  plan: Plan,
  machine: { initial: string; finals: string[] },
  scale = 1,
): Derived {
  const { initial, finals } = machine
  const { completed, cancelled } = plan.states
  const samples = new Map<string, Bracket[]>()
  // Runs that ended in failure, by the delay they would otherwise have measured.
  const failures = new Map<string, Bracket[]>()
  const jobs: JobEnding[] = []
  for (const trace of traces) {
    const path = pathOf(trace)
    const last = trace.observations.at(-1)
    const cancel = trace.cancels.find((c) => c.accepted)
    const ending = !last
      ? 'unfinished'
      : completed.includes(last.state)
        ? 'completed'
        : cancelled.includes(last.state)
          ? 'cancelled'
          : finals.includes(last.state)
            ? 'failed'
            : 'unfinished'
    const job: JobEnding = { id: trace.id, path, ending, error: last?.error }
    jobs.push(job)
    const landed = cancel && cancelled.map((s) => entered(trace, s, initial)).find(Boolean)
    const sent = cancel && { lo: cancel.at, hi: cancel.at }
    if (sent && landed) job.cancelLanded = combine([span(sent, landed)], scale)
    for (const rule of plan.delays) {
      const from = rule.from === 'cancel' ? sent : entered(trace, rule.from, initial)
      const reached = rule.to.find((s) => entered(trace, s, initial))
      const to = reached && entered(trace, reached, initial)
      if (!from || !to || to.hi <= from.lo) continue
      // A cancel may change how a run ends: such a run says nothing of its natural length.
      if (rule.from !== 'cancel' && cancel && cancel.at < to.hi) continue
      const shown = trace.observations.find((o) => o.state === reached)!
      const per = rule.per?.(shown.body) ?? 1
      const interval = span(from, to)
      const sample = { lo: interval.lo / per, hi: interval.hi / per }
      const failure = finals.includes(reached!) && ![...completed, ...cancelled].includes(reached!)
      const into = failure ? failures : samples
      into.set(rule.delay, [...(into.get(rule.delay) ?? []), sample])
    }
  }
  const delays: Record<string, Estimate> = {}
  for (const [delay, list] of samples) delays[delay] = combine(list, scale)
  let outcome: Derived['outcome'] = { kind: 'complete' }
  const failed = jobs.find((j, i) => j.ending === 'failed' && traces[i]!.cancels.length === 0)
  if (failed) {
    // It failed `at` of the way through a run as long as the completed runs, or at its very end.
    let at = 1
    const [delay, list] = [...failures][0] ?? []
    if (delay && list) {
      const failsAfter = combine(list, scale)
      const run = delays[delay]
      if (run) at = Math.min(1, Math.max(0.01, failsAfter.ms / run.ms))
      else delays[delay] = failsAfter
    }
    outcome = { kind: 'fail', at: Math.round(at * 100) / 100, message: failed.error || 'failed' }
  }
  return { delays, jobs, outcome }
}
