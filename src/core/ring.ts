/** Limits of a ring: how many items, and optionally how many bytes (by `sizeOf`) it may hold. */
export interface RingLimits<T> {
  maxBytes?: number
  sizeOf?: (item: T) => number
}

const NO_LIMITS = {}

/**
 * A bounded ring: keeps the newest items within `capacity` (and `maxBytes`), so memory stays
 * flat however long the fake runs. It grows as it fills: an idle session holds no array of
 * `capacity` slots.
 *
 * @example
 * const ring = new Ring<number>(2)
 * ring.push(1); ring.push(2); ring.push(3)
 * ring.toArray() // [2, 3]
 */
export class Ring<T> {
  private items: T[] = []
  private sizes: number[] = []
  private head = 0
  private bytes = 0

  constructor(
    readonly capacity: number,
    private limits: RingLimits<T> = NO_LIMITS,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`[jobfake] A ring needs a whole, positive capacity (got ${capacity}).`)
    }
  }

  get size(): number {
    return this.items.length - this.head
  }

  /** Bytes held, as `sizeOf` counts them (0 without it). */
  get byteSize(): number {
    return this.bytes
  }

  push(item: T): void {
    const size = this.limits.sizeOf?.(item) ?? 0
    // The first item in an array of its size: a push would reserve room for sixteen.
    if (this.items.length === 0) {
      this.items = [item]
      this.sizes = [size]
    } else {
      this.items.push(item)
      this.sizes.push(size)
    }
    this.bytes += size
    const maxBytes = this.limits.maxBytes ?? Infinity
    while (this.size > this.capacity || (this.bytes > maxBytes && this.size > 1)) this.drop()
  }

  /** Oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head)
  }

  clear(): void {
    this.items = []
    this.sizes = []
    this.head = 0
    this.bytes = 0
  }

  private drop(): void {
    this.bytes -= this.sizes[this.head]!
    ;(this.items as Array<T | undefined>)[this.head] = undefined
    this.head++
    // Compact once the dropped half outweighs the kept one, so pushes stay O(1) on average.
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head)
      this.sizes = this.sizes.slice(this.head)
      this.head = 0
    }
  }
}
