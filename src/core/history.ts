import type { Transition } from './jobs.js'

// Job histories, shared while they are the same. A history shorter than OWNED is never changed in
// place (an entry is added by copying it at its size: a push would make room for sixteen more),
// so jobs that entered the same phases at the same times — a batch started together and fired by
// one due time — hold one array, not one each: an advance across 10,000 such jobs makes three
// arrays instead of 30,000. A longer history belongs to its job alone and grows in place.
const OWNED = 8

// The last history each function made: the next job of a batch mostly asks for the same.
let first: readonly Transition[] = []
let from: readonly Transition[] | undefined
let to: readonly Transition[] = []

/**
 * The history of a job that starts in `state` at `at`.
 *
 * @example
 * firstHistory('pending', 0) === firstHistory('pending', 0) // true
 */
export function firstHistory(state: string, at: number): readonly Transition[] {
  const last = first[0]
  if (last?.state !== state || last.at !== at) first = [{ state, at }]
  return first
}

/**
 * `history` with `state` entered at `at`: the same array, grown, when it is its job's own; else a
 * copy, the one the last job given this addition to this history got.
 *
 * @example
 * appended(firstHistory('pending', 0), 'running', 5) // [{ state: 'pending', at: 0 }, { state: 'running', at: 5 }]
 */
export function appended(
  history: readonly Transition[],
  state: string,
  at: number,
): readonly Transition[] {
  if (history.length >= OWNED) {
    ;(history as Transition[]).push({ state, at })
    return history
  }
  const last = to[to.length - 1]
  if (history === from && last!.state === state && last!.at === at) return to
  const next = [...history, { state, at }]
  // The copy that reaches OWNED is the job's own from now on: it is not handed to another.
  if (next.length < OWNED) {
    from = history
    to = next
  }
  return next
}
