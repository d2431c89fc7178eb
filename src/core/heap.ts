import type { TimerTask } from './clock.js'

/**
 * A timer waiting in the engine clock: a closure (`fn`) or a data task, with the `target` its
 * handler is told (what the task is about, so that the handler need not look it up).
 */
export class Timer {
  /**
   * DEAD once cleared (a cleared timer stays queued until its time, and is skipped then); KEYED
   * while it can also be found, and cleared, by its id.
   */
  live: typeof DEAD | typeof LIVE | typeof KEYED = LIVE
  constructor(
    readonly id: number,
    readonly due: number,
    readonly task?: TimerTask,
    readonly fn?: () => void,
    readonly target?: unknown,
  ) {}
}

export const DEAD = 0
export const LIVE = 1
export const KEYED = 2

/** The timers due at one time, in the order they were set. */
export class Due {
  timers: Array<Timer | undefined> = []
  /** The first timer not taken yet. */
  next = 0
  constructor(readonly at: number) {}
}

/**
 * Pending timers in (due time, order set) order: a binary min-heap of due times, each with its
 * timers in a list, so that the thousands of timers a batch of jobs sets for the same moment
 * cost one heap entry, and taking the next of them costs no heap work at all. Ids grow with
 * every timer set, so the order set is the order of ids.
 *
 * @example
 * const queue = new TimerQueue()
 * queue.add(new Timer(1, 10, undefined, fn))
 * queue.top()?.at // 10
 */
export class TimerQueue {
  private heap: Due[] = []
  /** The due times by time, once there are many (a session's clock mostly holds a few). */
  private byTime: Map<number, Due> | undefined
  /** Where the last timer went: the next, set in the same batch, mostly goes there too. */
  private last: Due | undefined

  add(timer: Timer): void {
    let due = this.last?.at === timer.due ? this.last : this.find(timer.due)
    if (!due) {
      this.push((due = new Due(timer.due)))
      if (this.byTime) this.byTime.set(due.at, due)
      else if (this.heap.length > 8) this.byTime = new Map(this.heap.map((d) => [d.at, d]))
    }
    due.timers.push(timer)
    this.last = due
  }

  /** The earliest due time that still has timers, dropping spent ones. */
  top(): Due | undefined {
    for (let top = this.heap[0]; top; top = this.heap[0]) {
      const { timers } = top
      while (top.next < timers.length && timers[top.next]!.live === DEAD)
        timers[top.next++] = undefined
      if (top.next < timers.length) return top
      this.pop()
    }
    return undefined
  }

  /** Every timer not yet taken or cleared, in no particular order. */
  *pending(): Generator<Timer> {
    for (const due of this.heap)
      for (let i = due.next; i < due.timers.length; i++) {
        const timer = due.timers[i]
        if (timer && timer.live !== DEAD) yield timer
      }
  }

  clear(): void {
    this.heap = []
    this.byTime = undefined
    this.last = undefined
  }

  private find(at: number): Due | undefined {
    if (this.byTime) return this.byTime.get(at)
    const { heap } = this
    for (let i = 0; i < heap.length; i++) if (heap[i]!.at === at) return heap[i]
    return undefined
  }

  private push(due: Due): void {
    const heap = this.heap
    let i = heap.push(due) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (heap[parent]!.at <= due.at) break
      heap[i] = heap[parent]!
      i = parent
    }
    heap[i] = due
  }

  private pop(): void {
    const heap = this.heap
    if (this.last === heap[0]) this.last = undefined
    this.byTime?.delete(heap[0]!.at)
    const last = heap.pop()!
    if (heap.length === 0) return
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= heap.length) break
      const right = left + 1
      const least = right < heap.length && heap[right]!.at < heap[left]!.at ? right : left
      if (heap[least]!.at >= last.at) break
      heap[i] = heap[least]!
      i = least
    }
    heap[i] = last
  }
}
