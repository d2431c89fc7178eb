import type { AnyStateMachine } from 'xstate'
import { describeMachine, type DiagramState } from '../http/admin/machines.js'

/** What a job may be doing, in the machine's words, when the service showed a state. */
export interface Tracker {
  /** The top-level states the job may show now, given all it showed and was sent. */
  possible(): string[]
  /** The service showed this state: undefined when the machine allows it, else why not. */
  observe(state: string): string | undefined
  /**
   * A client event was accepted: undefined when the machine takes it in some state the job may be
   * in, else why not. `shown` is the state the answer carries, if it carries one.
   */
  accept(event: string, shown?: string): string | undefined
  final(state: string): boolean
}

/**
 * Follows one job through a vendor's machine, from what the service shows. A service is polled,
 * so it may pass through states unseen: between two observations the job may take any transition
 * but the client's own events (those need a request the client sent). The job's possible leaf
 * states are kept as a set, so a compound state (Peaka's RUNNING.working / RUNNING.stopping) is
 * followed even though the wire shows only its top level.
 *
 * @example
 * const job = trackJob(syncJobMachine, ['cancel'])
 * job.observe('running') // undefined: pending → running is the machine's `after pending`
 * job.observe('cancelled') // 'the machine does not go from running to cancelled …'
 */
export function trackJob(machine: AnyStateMachine, clientEvents: string[]): Tracker {
  const { states, transitions, initial, id } = describeMachine(machine)
  const nodes = new Map<string, DiagramState>()
  const walk = (list: DiagramState[]) =>
    list.forEach((s) => (nodes.set(s.path, s), walk(s.children)))
  walk(states)
  const leafOf = (path: string): string => {
    const node = nodes.get(path)
    return node?.initial ? leafOf(`${path}.${node.initial}`) : path
  }
  const top = (path: string) => path.split('.')[0]!
  const within = (leaf: string, from: string) => leaf === from || leaf.startsWith(`${from}.`)
  // A leaf takes the transitions of its own state and of every state it is within.
  const moves = (leaf: string, event?: string) =>
    transitions
      .filter((t) => within(leaf, t.from))
      .filter((t) => (event ? t.event === event : !clientEvents.includes(t.event ?? '')))
      .map((t) => (t.to === null ? leaf : leafOf(t.to)))
  const closure = (from: Set<string>) => {
    const out = new Set(from)
    for (const leaf of out) for (const next of moves(leaf)) out.add(next)
    return out
  }
  const names = states.map((s) => s.name)
  let now = new Set([leafOf(initial ?? names[0]!)])
  const shown = () => [...new Set([...now].map(top))].join(' or ')

  return {
    possible: () => [...new Set([...closure(now)].map(top))],
    final: (state) => nodes.get(state)?.final === true,
    observe(state) {
      if (!nodes.has(state)) {
        return `"${state}" is not a state of ${id} (${names.join(', ')})`
      }
      const before = shown()
      const reachable = [...closure(now)].filter((leaf) => top(leaf) === state)
      if (reachable.length > 0) return void (now = new Set(reachable))
      // Follow the job from what it shows, so that one wrong step is reported once.
      now = new Set([leafOf(state)])
      return `the machine does not lead from ${before} to ${state} by itself or by what the client sent`
    },
    accept(event, state) {
      const from = [...closure(now)]
      const next = new Set(from.flatMap((leaf) => moves(leaf, event)))
      if (next.size === 0)
        return `the machine takes no ${event} in ${shown()}: it should be refused`
      const before = shown()
      now = next
      if (state === undefined) return undefined
      const taken = [...next].filter((leaf) => top(leaf) === state)
      if (taken.length > 0) return void (now = new Set(taken))
      const expected = [...new Set([...next].map(top))].join(' or ')
      now = new Set([leafOf(state)])
      return `the machine takes ${event} from ${before} to ${expected}, not to ${state}`
    },
  }
}
