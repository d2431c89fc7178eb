/**
 * A bounded ring: keeps the newest `capacity` items, so memory stays flat however long the
 * fake runs.
 *
 * @example
 * const ring = new Ring<number>(2)
 * ring.push(1); ring.push(2); ring.push(3)
 * ring.toArray() // [2, 3]
 */
export class Ring<T> {
  private items: (T | undefined)[]
  private next = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`[jobfake] A ring needs a whole, positive capacity (got ${capacity}).`)
    }
    this.items = new Array(capacity)
  }

  get size(): number {
    return this.count
  }

  push(item: T): void {
    this.items[this.next] = item
    this.next = (this.next + 1) % this.capacity
    if (this.count < this.capacity) this.count++
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = []
    const start = (this.next - this.count + this.capacity) % this.capacity
    for (let i = 0; i < this.count; i++) out.push(this.items[(start + i) % this.capacity]!)
    return out
  }

  clear(): void {
    this.items = new Array(this.capacity)
    this.next = 0
    this.count = 0
  }
}
