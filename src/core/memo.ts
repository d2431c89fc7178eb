import type { AnyMachineSnapshot, EventObject } from 'xstate'
import type { StepEffects } from './stepper.js'
import { isData, shareData } from './data.js'
import { covers, same, sameRead } from './links.js'
import { ABSENT, answer, isObject, kindOf, locate, MISSING, type Read } from './trace.js'

/** What a transition did, to be done again for any job whose trace leads to it. */
export class Outcome {
  /** The reads that led to it, once it is in a memo: what every job that replays it answered. */
  trace: readonly Read[] | undefined = undefined
  /**
   * Where the next event of a type leads a job whose last step replayed this one, when no read of
   * that lookup can answer otherwise (see links.ts); null when one can.
   */
  links: Map<string, Outcome | null> | undefined = undefined
  constructor(
    /** The machine did not take the event: the snapshot stays as it was. */
    readonly same: boolean,
    /** The snapshot it reached, lent its state (value, nodes, tags, status) to replays. */
    readonly template: AnyMachineSnapshot,
    /** Whether an assign ran (the context is a new object), and what it wrote. */
    readonly copy: boolean,
    readonly writes: Array<[string, unknown]>,
    readonly effects: StepEffects,
  ) {}
}

const UNSET = Symbol('unset')

/**
 * One read of a trace, and where each answer it got leads. Most reads only ever got one answer,
 * so the first is kept beside the Map of the others: checked with ===, not looked up.
 */
class Branch {
  /** The first answer, and where it leads (read by find as they are: no call for a hit). */
  first: unknown = UNSET
  firstNext: Branch | Outcome | undefined
  private others: Map<unknown, Branch | Outcome> | undefined
  constructor(readonly read: Read) {}

  next(answered: unknown): Branch | Outcome | undefined {
    return same(answered, this.first) ? this.firstNext : this.others?.get(answered)
  }

  set(answered: unknown, node: Branch | Outcome): void {
    if (this.first === UNSET || same(answered, this.first)) {
      this.first = answered
      this.firstNext = node
    } else (this.others ??= new Map()).set(answered, node)
  }
}

interface Bucket {
  root?: Branch | Outcome
  outcomes: number
}

// Bounds: a trace that keys on something unique per job (an id) would otherwise grow forever.
const PER_BUCKET = 256
const PER_MACHINE = 4096

/**
 * The transitions a machine made, by state and event type, each behind a decision tree of the
 * reads its guards, delays and assigners made: a job whose context answers every read the same
 * way would make the same transition (machines are pure), so it is replayed instead of run.
 *
 * @example
 * const memo = new TransitionMemo()
 * memo.find(snapshot, event) ?? memo.store(snapshot, event, recorder.reads, outcome)
 */
export class TransitionMemo {
  private byNodes = new WeakMap<object, Map<string, Bucket>>()
  private byValue = new Map<string, Map<string, Bucket>>()
  private byState = new Map<string, Map<string, Bucket>>()
  private outcomes = 0
  /** How many lookups found an outcome: for tests and measurements. */
  hits = 0
  /** How many of those followed a link (see find). */
  linked = 0
  /** How many outcomes it holds. */
  get size(): number {
    return this.outcomes
  }
  /** Set when two traces disagree on what comes next: the code was not pure after all. */
  disabled = false

  /**
   * The outcome a job's reads lead to. `last`: what the job's last step replayed, if it was found
   * here; the lookup after it is done once, and where it led is kept as its link.
   */
  find(snapshot: AnyMachineSnapshot, event: EventObject, last?: Outcome): Outcome | undefined {
    if (this.disabled) return undefined
    if (last === undefined) return this.walk(snapshot, event, undefined)
    const link = last.links?.get(event.type)
    if (link) {
      this.hits++
      this.linked++
      return link
    }
    if (link === null) return this.walk(snapshot, event, undefined)
    const trail: unknown[] = []
    const found = this.walk(snapshot, event, trail)
    if (found) (last.links ??= new Map()).set(event.type, covers(last, trail) ? found : null)
    return found
  }

  // `trail`, when given, gets each read and its answer.
  private walk(snapshot: AnyMachineSnapshot, event: EventObject, trail: unknown[] | undefined) {
    let at = this.events(snapshot, false)?.get(event.type)?.root
    // Reads of one object share its path: it is found once for all of them.
    let path: readonly PropertyKey[] | undefined
    let found: Record<PropertyKey, unknown> | undefined
    while (at instanceof Branch) {
      const { read } = at
      if (read.path !== path) {
        const there = locate((path = read.path), snapshot.context, event)
        found = isObject(there) ? (there as Record<PropertyKey, unknown>) : undefined
      }
      let answered: unknown
      if (found === undefined) answered = MISSING
      else if (read.op === 'get') {
        // Most reads are plain gets: answered here, as `answer` would, without a call; most
        // answers are the value itself, as the branch's first answer (shared data too).
        const value = found[read.key!]
        if (value === at.first && value !== undefined) {
          trail?.push(read, value)
          at = at.firstNext
          continue
        }
        answered = value === undefined && !(read.key! in found) ? ABSENT : kindOf(value)
      } else answered = answer(read, found)
      trail?.push(read, answered)
      at = at.next(answered)
    }
    if (at) this.hits++
    return at
  }

  /** Keeps an outcome behind its reads; true when it is kept (a later lookup may find it). */
  store(
    snapshot: AnyMachineSnapshot,
    event: EventObject,
    reads: Read[],
    outcome: Outcome,
  ): boolean {
    if (this.disabled || this.outcomes >= PER_MACHINE) return false
    const events = this.events(snapshot, true)!
    let bucket = events.get(event.type)
    if (!bucket) events.set(event.type, (bucket = { outcomes: 0 }))
    if (bucket.outcomes >= PER_BUCKET) return false
    let parent: Branch | undefined
    let answered: unknown
    const attach = (node: Branch | Outcome) =>
      parent ? parent.set(answered, node) : (bucket.root = node)
    for (const read of reads) {
      let at = parent ? parent.next(answered) : bucket.root
      if (at === undefined) attach((at = new Branch(read)))
      if (!(at instanceof Branch) || !sameRead(at.read, read)) return this.disable()
      parent = at
      answered = read.value
    }
    const there = parent ? parent.next(answered) : bucket.root
    if (there instanceof Branch) return this.disable()
    if (there) return false
    attach(outcome)
    outcome.trace = reads
    bucket.outcomes++
    this.outcomes++
    return true
  }

  // Two traces disagree on what comes next: the code was not pure after all.
  private disable(): false {
    this.disabled = true
    return false
  }

  // A state that is a name is found by it; others (compound states) by their nodes, which replays
  // share with the outcome's, else by their value as JSON (a snapshot xstate made).
  private events(snapshot: AnyMachineSnapshot, create: boolean) {
    const { value } = snapshot
    if (typeof value === 'string' && snapshot.status === 'active') {
      let events = this.byState.get(value)
      if (!events && create) this.byState.set(value, (events = new Map()))
      return events
    }
    let events = this.byNodes.get(snapshot._nodes)
    if (events) return events
    const key = `${snapshot.status} ${JSON.stringify(snapshot.value)}`
    events = this.byValue.get(key)
    if (!events && create) this.byValue.set(key, (events = new Map()))
    if (events) this.byNodes.set(snapshot._nodes, events)
    return events
  }
}

/**
 * The snapshot a replayed outcome leads `from`: the outcome's state, the job's own context with
 * the outcome's writes (shared data, frozen: every job that replays it holds the same values, so
 * the next lookup compares their identity instead of their contents), in the shape xstate gives.
 */
export function replay(outcome: Outcome, from: AnyMachineSnapshot): AnyMachineSnapshot {
  if (outcome.same) return from
  let context = from.context as Record<string, unknown>
  if (outcome.copy) {
    // As xstate's assign copies it (Object.assign); a spread does the same, faster, but for an
    // own "__proto__", which Object.assign would take for the prototype.
    context = Object.hasOwn(context, '__proto__') ? Object.assign({}, context) : { ...context }
    const { writes } = outcome
    for (let i = 0; i < writes.length; i++) context[writes[i]![0]] = writes[i]![1]
  }
  const t = outcome.template
  return {
    status: t.status,
    output: t.output,
    error: t.error,
    machine: t.machine,
    context,
    _nodes: t._nodes,
    value: t.value,
    tags: t.tags,
    children: from.children,
    historyValue: from.historyValue,
    matches: t.matches,
    hasTag: t.hasTag,
    can: t.can,
    getMeta: t.getMeta,
    toJSON: t.toJSON,
  } as AnyMachineSnapshot
}

/**
 * The outcome of a transition the machine just made, or undefined when it cannot be replayed:
 * a new status, output or child, or context data a copy would not keep. `assigned`: the keys its
 * assigners set (see Recorder.assigns).
 */
export function outcomeOf(
  from: AnyMachineSnapshot,
  next: AnyMachineSnapshot,
  effects: StepEffects,
  assigned: readonly string[],
): Outcome | undefined {
  if (next === from) return new Outcome(true, from, false, [], effects)
  if (next.output !== undefined || next.error !== undefined) return undefined
  if (next.children !== from.children || next.historyValue !== from.historyValue) return undefined
  const after = next.context as Record<string, unknown>
  const copy = after !== from.context
  // Every key an assigner set, with its final value: another job may not have had it already.
  const writes: Array<[string, unknown]> = []
  if (copy) {
    for (const key of assigned) {
      if (!isData(after[key])) return undefined
      writes.push([key, shareData(after[key])])
    }
  }
  return new Outcome(false, next, copy, writes, effects)
}
