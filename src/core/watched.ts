import { assign, type AnyStateMachine, type EventObject } from 'xstate'
import { Recorder } from './trace.js'

type Fn = (args: Record<string, unknown>, params: unknown) => unknown

/** A machine whose user code reports its reads while a recording runs. */
export interface WatchedMachine {
  machine: AnyStateMachine
  /** Starts watching the reads of one transition from `context` on `event`. */
  begin(context: unknown, event: EventObject): Recorder
  end(): void
}

// Code written inline in a machine's config (a guard, an action, params) cannot be watched: only
// the implementations given to setup() are. The root `context` factory runs only at start.
function inlineCode(config: unknown, root = true, seen = new Set<object>()): boolean {
  if (typeof config === 'function') return !combined(config)
  if (typeof config !== 'object' || config === null || seen.has(config)) return false
  seen.add(config)
  const node = config as Record<string, unknown>
  if (node.type === 'history' || node.invoke !== undefined) return true
  return Object.entries(node).some(
    ([key, value]) => !(root && key === 'context') && inlineCode(value, false, seen),
  )
}

/**
 * An assign's assignment as one function: `assign({ key: fn | value })` becomes what xstate makes
 * of it, one partial context with every key, so that its keys are noted even when no fn runs.
 */
function assigner(assignment: unknown): Fn {
  if (typeof assignment === 'function') return assignment as Fn
  const entries = Object.entries(assignment as Record<string, unknown>)
  return (args, params) => {
    const partial: Record<string, unknown> = {}
    for (const [key, value] of entries)
      partial[key] = typeof value === 'function' ? (value as Fn)(args, params) : value
    return partial
  }
}

/** xstate's and / or / not / stateIn: they only combine guards, which are named or combined too. */
function combined(guard: object): boolean {
  const { check, guards = [] } = guard as { check?: unknown; guards?: unknown[] }
  return typeof check === 'function' && guards.every((g) => !inlineCode(g, false))
}

/**
 * The machine with every guard, delay and assigner of its implementations watched (see
 * Recorder), or undefined when some of its code could not be: inline functions, history
 * states, invoked actors, or built-in actions other than assign. Outside a recording the
 * watched code calls the original straight away.
 *
 * @example
 * const watched = watchedMachine(machine)
 * const recorder = watched?.begin(snapshot.context, event)
 */
export function watchedMachine(machine: AnyStateMachine): WatchedMachine | undefined {
  if (inlineCode(machine.config)) return undefined
  const {
    guards = {},
    delays = {},
    actions = {},
  } = machine.implementations as unknown as Record<string, Record<string, unknown> | undefined>
  let active: Recorder | undefined
  const watch =
    (fn: Fn): Fn =>
    (args, params) =>
      active ? fn(active.args(args), params) : fn(args, params)
  // An assigner's answer may hold watched objects: they go into the context as themselves. The
  // keys it sets are noted: a replay sets them all, even where this job had the value already.
  const watchAssigner =
    (fn: Fn): Fn =>
    (args, params) => {
      if (!active) return fn(args, params)
      const partial = active.unwrap(fn(active.args(args), params))
      active.assigns(partial)
      return partial
    }

  const watchedGuards: Record<string, unknown> = {}
  for (const [name, guard] of Object.entries(guards)) {
    if (typeof guard !== 'function') return undefined
    if ('check' in guard && !combined(guard)) return undefined
    watchedGuards[name] = 'check' in guard ? guard : watch(guard as Fn)
  }
  const watchedDelays: Record<string, unknown> = {}
  for (const [name, delay] of Object.entries(delays))
    watchedDelays[name] = typeof delay === 'function' ? watch(delay as Fn) : delay
  const watchedActions: Record<string, unknown> = {}
  for (const [name, action] of Object.entries(actions)) {
    const built = action as { type?: string; resolve?: unknown; assignment?: unknown }
    if (typeof action !== 'function' || !('resolve' in action)) {
      // A custom action runs through the host; a step that runs one is not replayed.
      watchedActions[name] = action
    } else if (built.type === 'xstate.assign') {
      watchedActions[name] = assign(watchAssigner(assigner(built.assignment)) as never)
    } else return undefined
  }
  return {
    machine: machine.provide({
      guards: watchedGuards,
      delays: watchedDelays,
      actions: watchedActions,
    } as never) as AnyStateMachine,
    begin(context, event) {
      return (active = new Recorder(context as Record<PropertyKey, unknown>, event))
    },
    end() {
      active = undefined
    },
  }
}
