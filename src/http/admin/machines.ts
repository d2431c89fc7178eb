import type { AnyStateMachine } from 'xstate'
import type { Vendor } from '../../vendor/types.js'

/** A state of a machine's diagram: a name, and its own states when it has some. */
export interface DiagramState {
  /** Its path below the machine's root, dot-separated: "RUNNING.stopping". */
  path: string
  name: string
  final: boolean
  /** The initial child of a compound state. */
  initial: string | null
  children: DiagramState[]
}

/** An arrow of the diagram: an event (or a named delay) from a state, to one (or none). */
export interface DiagramTransition {
  from: string
  /** null for a transition that only runs actions (no target). */
  to: string | null
  event: string | null
  /** The name of the delay of an `after` transition. */
  after: string | null
  guard: string | null
}

export interface Diagram {
  id: string
  initial: string | null
  states: DiagramState[]
  transitions: DiagramTransition[]
}

type Node = AnyStateMachine['root']
interface Edge {
  target?: ReadonlyArray<Node>
  guard?: unknown
  delay?: unknown
}

const pathOf = (node: Node) => node.path.join('.')
const guardName = (guard: unknown): string | null =>
  typeof guard === 'string'
    ? guard
    : typeof guard === 'object' && guard !== null && 'type' in guard
      ? String((guard as { type: unknown }).type)
      : guard
        ? 'guard'
        : null

/**
 * The diagram of a machine, read from its state nodes (`on` and `after` of each): what the UI
 * draws. xstate's own `xstate.after.*` events are shown as the delays they stand for.
 *
 * @example
 * describeMachine(syncJobMachine).transitions[0] // { from: 'pending', to: 'running', after: 'pending', … }
 */
export function describeMachine(machine: AnyStateMachine): Diagram {
  const transitions: DiagramTransition[] = []
  const edge = (node: Node, t: Edge, event: string | null, after: string | null) => {
    const target = t.target?.[0]
    transitions.push({
      from: pathOf(node),
      to: target ? pathOf(target) : null,
      event,
      after,
      guard: guardName(t.guard),
    })
  }
  const state = (node: Node): DiagramState => {
    for (const [event, list] of Object.entries(node.on as Record<string, Edge[]>))
      if (!event.startsWith('xstate.')) for (const t of list) edge(node, t, event, null)
    for (const t of node.after as Edge[]) edge(node, t, null, String(t.delay))
    const initial = node.initial?.target?.[0] as Node | undefined
    return {
      path: pathOf(node),
      name: node.key,
      final: node.type === 'final',
      initial: initial ? initial.key : null,
      children: Object.values(node.states as Record<string, Node>).map(state),
    }
  }
  const root = state(machine.root)
  return { id: machine.id, initial: root.initial, states: root.children, transitions }
}

/**
 * Every vendor's job kinds and their diagrams, as `GET /__admin/machines` answers.
 *
 * @example
 * describeMachines(vendors).airweave['sync-job'].initial // 'pending'
 */
export function describeMachines(vendors: Vendor[]): Record<string, Record<string, Diagram>> {
  const out: Record<string, Record<string, Diagram>> = {}
  for (const vendor of vendors) {
    out[vendor.name] = {}
    for (const [kind, { machine }] of Object.entries(vendor.jobs))
      out[vendor.name]![kind] = describeMachine(machine)
  }
  return out
}
