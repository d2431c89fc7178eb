import type { TimerTask } from './clock.js'

/** A timer waiting in the engine clock: ordered by due time, then by the order it was set. */
export interface Timer {
  id: number
  due: number
  fn?: () => void
  task?: TimerTask
}

const before = (a: Timer, b: Timer) => a.due < b.due || (a.due === b.due && a.id < b.id)

/**
 * A binary min-heap of timers. Ids grow with every timer set, so `(due, id)` orders timers
 * that fall due together in the order they were scheduled.
 *
 * @example
 * const heap = new TimerHeap()
 * heap.push({ id: 1, due: 10, fn })
 * heap.peek()?.due // 10
 */
export class TimerHeap {
  private items: Timer[] = []

  get size(): number {
    return this.items.length
  }

  peek(): Timer | undefined {
    return this.items[0]
  }

  push(timer: Timer): void {
    const items = this.items
    items.push(timer)
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(items[i]!, items[parent]!)) break
      ;[items[i], items[parent]] = [items[parent]!, items[i]!]
      i = parent
    }
  }

  pop(): Timer | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length === 0 || last === undefined) return top
    items[0] = last
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      const right = left + 1
      let least = i
      if (left < items.length && before(items[left]!, items[least]!)) least = left
      if (right < items.length && before(items[right]!, items[least]!)) least = right
      if (least === i) break
      ;[items[i], items[least]] = [items[least]!, items[i]!]
      i = least
    }
    return top
  }

  clear(): void {
    this.items = []
  }
}
