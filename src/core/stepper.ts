import {
  createActor,
  createMachine,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate'
import type { EngineClock } from './clock.js'

interface Executable {
  type: string
  params?: Record<string, unknown>
  info?: unknown
  exec?: (info: unknown, params: unknown) => void
}

/** What a step asks of its host: delayed events to schedule (by id) and ones to cancel. */
export interface StepEffects {
  schedule: Array<{ id: string; event: EventObject; delay: number }>
  cancel: string[]
}

/**
 * Steps an xstate machine through its own actor logic (`getInitialSnapshot`, `transition`) —
 * what an Actor calls inside — for many jobs at once, without an Actor per job. An Actor and its
 * system cost ~9 KB of RSS each (10,000 live jobs: 147 MB, 650 ms to advance an hour); stepped
 * snapshots cost ~5 KB (103 MB, under 300 ms). Delayed events come back as effects for the engine
 * clock instead of going to a per-actor scheduler. Job machines are pure: they may not spawn or
 * invoke actors.
 *
 * @example
 * const stepper = createStepper(machine, clock)
 * const [snapshot, effects] = stepper.initial(input)
 */
export function createStepper(machine: AnyStateMachine, clock?: EngineClock) {
  // One inert actor lends its `self` and system to every step; it never runs anything itself.
  const host = createActor(createMachine({}), clock ? { clock } : {})
  let collected: Executable[] = []
  const scope = {
    self: host,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    stopChild: () => {},
    emit: () => {},
    system: host.system,
    actionExecutor: (action: Executable) => void collected.push(action),
  } as unknown as AnyActorScope

  const effectsOf = (): StepEffects => {
    const actions = collected
    collected = []
    const effects: StepEffects = { schedule: [], cancel: [] }
    for (const action of actions) {
      const params = action.params ?? {}
      if (action.type === 'xstate.raise' && typeof params.delay === 'number') {
        effects.schedule.push({
          id: String(params.id),
          event: params.event as EventObject,
          delay: params.delay,
        })
      } else if (action.type === 'xstate.cancel') effects.cancel.push(String(params.sendId))
      else if (
        action.type.startsWith('xstate.') &&
        action.type !== 'xstate.raise' &&
        action.type !== 'xstate.assign'
      ) {
        throw new Error(
          `[jobfake] Job machine ${machine.id} uses ${action.type}; job machines must be pure (no spawned or invoked actors).`,
        )
      } else action.exec?.(action.info, action.params)
    }
    return effects
  }

  return {
    initial(input: unknown): [AnyMachineSnapshot, StepEffects] {
      const snapshot = machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot
      return [snapshot, effectsOf()]
    },
    next(snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, StepEffects] {
      const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot
      return [next, effectsOf()]
    },
    /** The snapshot as plain data (xstate's persisted form). */
    persist: (snapshot: AnyMachineSnapshot): unknown =>
      structuredClone(machine.getPersistedSnapshot(snapshot)),
    /** A snapshot brought back from its persisted form; its timers are the host's to restore. */
    restore(persisted: unknown): AnyMachineSnapshot {
      return machine.restoreSnapshot(
        structuredClone(persisted) as never,
        scope,
      ) as AnyMachineSnapshot
    },
  }
}

export type Stepper = ReturnType<typeof createStepper>

const shared = new WeakMap<AnyStateMachine, Stepper>()

/**
 * The stepper of a machine, shared by every job table of every session: it holds no job state
 * (its host actor never runs), so a session need not pay for one per table.
 */
export function stepperFor(machine: AnyStateMachine): Stepper {
  let stepper = shared.get(machine)
  if (!stepper) shared.set(machine, (stepper = createStepper(machine)))
  return stepper
}
