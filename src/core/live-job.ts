import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate'
import type { TimerTask } from './clock.js'
import type { Timer } from './heap.js'
import type { Job } from './jobs.js'
import type { Outcome } from './memo.js'
import { TimerSlots } from './timer-slots.js'

// What a job table (job-table.ts) is built of: its live jobs, and what its tables share.

/** The top-level state of a state value: "running", or "RUNNING" for `{ RUNNING: 'stopping' }`. */
export const topState = (value: unknown): string =>
  typeof value === 'string' ? value : Object.keys(value as object)[0]!

/** The Map every empty table shares (never written to). */
export const NONE = new Map<string, never>()
/** A job's timer: one set here, or one restored from a snapshot, known by its id. */
export const idOf = (timer: Timer | number) => (typeof timer === 'number' ? timer : timer.id)
/** The phase of a snapshot when its kind names none: its top-level state. */
export const topPhase = (snapshot: AnyMachineSnapshot) => topState(snapshot.value)

const states = new WeakMap<AnyStateMachine, string[]>()
/** A machine's top-level states, shared by every table of it in every session. */
export const statesOf = (machine: AnyStateMachine) => {
  let names = states.get(machine)
  if (!names) states.set(machine, (names = Object.keys(machine.root.states)))
  return names
}
const names = new Map<string, string>()
/** The clock handler name of a table's timers: one string for every session's table. */
export const nameOf = (vendor: string, kind: string) => {
  const name = `jobs:${vendor}/${kind}`
  const known = names.get(name)
  if (known) return known
  names.set(name, name)
  return name
}

/** A job that can still change: its machine snapshot and clock timers. */
export class LiveJob extends TimerSlots<Timer | number> {
  /** Set once the table let the job go (done, removed, replaced): its timers are not its own. */
  gone = false
  /** The task of its last timer: the next, mostly for the same delayed event, is the same data. */
  task: TimerTask | undefined = undefined
  /** The memoised outcome its last step replayed: its next lookup starts from there. */
  last: Outcome | undefined = undefined
  constructor(
    readonly job: Job,
    public snapshot: AnyMachineSnapshot,
  ) {
    super()
  }
}
