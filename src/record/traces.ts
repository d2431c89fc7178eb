import type { Plan } from '../verify/plan.js'
import type { Routed } from './routed.js'

/** A span of real time, epoch ms: something happened at some moment within it. */
export interface Bracket {
  lo: number
  hi: number
}

/** What one answer showed of a job, and when: the midpoint of its request and its answer. */
export interface Observation {
  at: number
  state: string
  error?: string
  body: unknown
}

/** One job followed across the recording. */
export interface Trace {
  id: string
  /** When the request that started it was served, when the recording has it. */
  created?: number
  observations: Observation[]
  /** Its cancels, accepted or not. */
  cancels: Array<{ at: number; accepted: boolean }>
}

/** A fault the service answered with. */
export interface SeenFault {
  operation: string
  status: number
  /** Which call of that operation it answered, from 1. */
  nth: number
  at: number
  headers: Record<string, string>
}

const ok = (status: number) => status >= 200 && status < 300

/**
 * Follows every job across a routed recording: the request that started it, each answer that
 * showed it (its start, polls, lists, cancels), and its cancels; and every 429 and 5xx, with the
 * call of its operation it answered.
 *
 * @example
 * const { traces, faults } = traceJobs(routed, airweavePlan)
 */
export function traceJobs(routed: Routed[], plan: Plan): { traces: Trace[]; faults: SeenFault[] } {
  const traces = new Map<string, Trace>()
  const faults: SeenFault[] = []
  const calls = new Map<string, number>()
  const traceOf = (id: string) => {
    let trace = traces.get(id)
    if (!trace) traces.set(id, (trace = { id, observations: [], cancels: [] }))
    return trace
  }
  for (const r of routed) {
    const nth = (calls.get(r.operation) ?? 0) + 1
    calls.set(r.operation, nth)
    // The service read the job somewhere between request and answer: the midpoint stands for it.
    const at = (r.sent + r.answered) / 2
    if (r.status === 429 || r.status >= 500)
      faults.push({ operation: r.operation, status: r.status, nth, at: r.sent, headers: r.headers })
    if (r.operation === plan.start.operation && r.status === plan.status.start) {
      const id = plan.start.id(r.body)
      if (id) traceOf(id).created = at
    }
    if (r.operation === plan.cancel.operation && plan.cancel.job && r.params[plan.cancel.job]) {
      const accepted = r.status === plan.status.cancel
      if (accepted || r.status === plan.status.refusal)
        traceOf(r.params[plan.cancel.job]!).cancels.push({ at, accepted })
    }
    if (!ok(r.status)) continue
    for (const seen of plan.seen(r.body))
      traceOf(seen.id).observations.push({
        at,
        state: seen.state,
        error: seen.error,
        body: r.body,
      })
  }
  return { traces: [...traces.values()], faults }
}

/** The states a trace went through, in order, each once for each time it was entered. */
export const pathOf = (trace: Trace) =>
  trace.observations.map((o) => o.state).filter((s, i, all) => s !== all[i - 1])

/**
 * When a job entered a state, as the recording brackets it: between the last answer that still
 * showed something else (or the job's creation) and the first that showed it. Entering the
 * machine's initial state is the creation itself.
 *
 * @example
 * entered(trace, 'running', 'pending') // { lo: <the poll before>, hi: <the poll that showed it> }
 */
export function entered(trace: Trace, state: string, initial: string): Bracket | undefined {
  const { observations: seen, created } = trace
  const at = seen.findIndex((o) => o.state === state)
  if (at === -1) return undefined
  if (state === initial && created !== undefined) return { lo: created, hi: created }
  return { lo: at > 0 ? seen[at - 1]!.at : (created ?? seen[at]!.at), hi: seen[at]!.at }
}
