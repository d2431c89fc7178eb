import type { Outcome } from './memo.js'
import type { Read } from './trace.js'

// As a Map compares keys: NaN is NaN.
export const same = (a: unknown, b: unknown) => a === b || (a !== a && b !== b)

/** Whether two reads are of one thing: the same operation, key and path. */
export const sameRead = (a: Read, b: Read) =>
  a.op === b.op &&
  Object.is(a.key, b.key) &&
  a.path.length === b.path.length &&
  a.path.every((k, i) => k === b.path[i])

/**
 * Whether every job whose last step replayed `last` would answer the reads of `trail` (a lookup's
 * reads and answers, in pairs) as the job that made them did, so that where they led (the next
 * outcome) can be taken for any of them without reading their contexts again. A job's context
 * changes only by its steps, so after `last` it holds what `last` wrote (shared data, the same in
 * every job) and, elsewhere, what it held when its reads answered `last`'s trace: xstate makes
 * every context, the first too, as a copy of own enumerable keys (its assign), and a copy keeps
 * what was read of them. Reads of the event, or of what `last` neither read nor wrote, are not
 * known in advance.
 */
export function covers(last: Outcome, trail: readonly unknown[]): boolean {
  const { trace, copy, writes } = last
  if (!trace) return false
  for (let i = 0; i < trail.length; i += 2) {
    const read = trail[i] as Read
    const answered = trail[i + 1]
    if (read.path[0] !== 'context') return false
    if (copy) {
      // Inside what `last` wrote, or one of its keys: its shared, frozen data.
      const key = read.path.length === 1 ? read.key : read.path[1]
      if (writes.some(([written]) => written === key)) continue
      // The context itself is a copy: only its values are as they were.
      if (read.path.length === 1 && read.op !== 'get') return false
    }
    if (!trace.some((r) => sameRead(r, read) && same(r.value, answered))) return false
  }
  return true
}
