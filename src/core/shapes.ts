import type { AnyMachineSnapshot, EventObject } from 'xstate'

// Every job's snapshot would otherwise hold its own empty children and history records.
const NO_CHILDREN = {}
const NO_HISTORY = {}

const isEmpty = (record: unknown) =>
  typeof record === 'object' && record !== null && Object.keys(record).length === 0

const sameNodes = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((node, i) => node === b[i])

const sameTags = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((tag) => b.has(tag))

/**
 * What the snapshots of one machine share when they are in the same state: xstate gives each
 * job's first snapshot (and each restored one) its own state nodes, tags, value, children and
 * history; here every job in a state points at one set of them — the same values, so the same
 * snapshot as far as xstate and its readers can tell — and delayed events without data are one
 * object per type. (Replayed transitions share them already: see replay.)
 *
 * @example
 * const shapes = new SnapshotShapes()
 * shapes.share(machine.getInitialSnapshot(scope, input))
 */
export class SnapshotShapes {
  private known = new Map<string, Pick<AnyMachineSnapshot, '_nodes' | 'tags' | 'value'>>()
  private events = new Map<string, EventObject>()

  /** The snapshot, its parts swapped in place for the ones already known. */
  share(snapshot: AnyMachineSnapshot): AnyMachineSnapshot {
    const s = snapshot as { -readonly [K in keyof AnyMachineSnapshot]: AnyMachineSnapshot[K] }
    const { value } = s
    const key = `${s.status} ${typeof value === 'string' ? value : JSON.stringify(value)}`
    const first = this.known.get(key)
    if (!first) this.known.set(key, { _nodes: s._nodes, tags: s.tags, value })
    else if (sameNodes(first._nodes, s._nodes) && sameTags(first.tags, s.tags)) {
      s._nodes = first._nodes
      s.tags = first.tags
      s.value = first.value
    }
    if (s.children !== NO_CHILDREN && isEmpty(s.children)) s.children = NO_CHILDREN
    if (s.historyValue !== NO_HISTORY && isEmpty(s.historyValue)) s.historyValue = NO_HISTORY
    return snapshot
  }

  /** One object for every delayed event of a type that carries nothing else. */
  event(event: EventObject): EventObject {
    for (const key in event) if (key !== 'type') return event
    const known = this.events.get(event.type)
    if (known) return known
    this.events.set(event.type, event)
    return event
  }
}
