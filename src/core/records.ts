import { copyData, isData, sameData } from './data.js'
import type { SessionEvents } from './events.js'

/**
 * The plain records of one kind in one session (source connections, caches, clusters,
 * idempotency entries...), keyed by id, oldest first. Values are JSON data: a change is made
 * by `put`, which tells subscribers, so that a state file or the UI sees every change.
 */
export interface RecordTable<T> {
  readonly kind: string
  get(id: string): T | undefined
  has(id: string): boolean
  all(): T[]
  find(match: (value: T) => boolean): T | undefined
  /** Creates or replaces the record `id`. */
  put(id: string, value: T): T
  remove(id: string): boolean
  size(): number
  snapshot(): Array<[string, T]>
  restore(entries: Array<[string, T]>): void
  clear(): void
}

export interface RecordTableOptions {
  kind: string
  vendor?: string
  events?: SessionEvents
  now?: () => number
}

/**
 * What sessions' seeds put in one table, shared: held once for every session whose seed put
 * the same, and copied into a session's own table the first time it is read or changed. A seed
 * that goes on past the end adds to it (its entries are what that seed put, so they are still
 * what some session holds).
 */
export class SeedRecords {
  readonly entries: Array<[string, unknown]> = []
  readonly ids = new Set<string>()
}

/** What the record tables of one vendor in one session share: who they tell, the clock. */
export class RecordHost {
  /** True while the vendor's seed runs. */
  seeding = false
  constructor(
    readonly vendor = '',
    readonly events?: SessionEvents,
    readonly now: () => number = () => 0,
  ) {}
}

/**
 * A record table (see RecordTable). It holds no Map until it has records of its own: while it
 * holds only what its seed put, and the seed put the same as every session's, it points at the
 * shared SeedRecords instead.
 */
export class Records<T> implements RecordTable<T> {
  private own: Map<string, T> | undefined
  private seed: SeedRecords | undefined
  /** How many of the seed's entries this table holds (while it has no own Map). */
  private seeded = 0

  constructor(
    readonly kind: string,
    private host: RecordHost,
  ) {}

  /** Before its vendor's seed runs: what it puts is checked against `seed`. */
  seedFrom(seed: SeedRecords): void {
    if (!this.own && this.seeded === 0) this.seed = seed
  }

  get(id: string): T | undefined {
    // A read of nothing copies nothing.
    if (!this.own && !this.has(id)) return undefined
    return this.records().get(id)
  }
  has(id: string): boolean {
    if (this.own) return this.own.has(id)
    const seed = this.seed
    if (!seed?.ids.has(id)) return false
    return this.seeded === seed.entries.length || this.seedEntries().some(([held]) => held === id)
  }
  all(): T[] {
    return [...this.records().values()]
  }
  find(match: (value: T) => boolean): T | undefined {
    for (const value of this.records().values()) if (match(value)) return value
    return undefined
  }
  put(id: string, value: T): T {
    const change = this.has(id) ? 'changed' : 'created'
    if (!this.share(id, value)) this.records().set(id, value)
    this.tell(id, change)
    return value
  }
  remove(id: string): boolean {
    if (!this.has(id) || !this.records().delete(id)) return false
    this.tell(id, 'removed')
    return true
  }
  size(): number {
    return this.own ? this.own.size : this.seeded
  }
  snapshot(): Array<[string, T]> {
    if (this.own) return structuredClone([...this.own.entries()])
    return this.seedEntries().map(([id, value]) => [id, copyData(value) as T])
  }
  restore(entries: Array<[string, T]>): void {
    this.drop()
    this.own = new Map(structuredClone(entries))
  }
  clear(): void {
    this.drop()
  }

  private tell(id: string, change: 'created' | 'changed' | 'removed') {
    const { vendor, events, now, seeding } = this.host
    // What a seed puts is where a session starts, not a change: a vendor is seeded when first
    // asked for, and its subscribers would hear the seed then, in the middle of a request.
    if (seeding) return
    events?.emit({ type: 'record', vendor, kind: this.kind, id, change, at: now() })
  }

  // A put during the seed that matches (or, past their end, adds to) the shared records.
  private share(id: string, value: T): boolean {
    const seed = this.seed
    if (!seed || !this.host.seeding || this.own) return false
    const next = seed.entries[this.seeded]
    if (next) {
      if (next[0] !== id || !sameData(next[1], value)) return false
    } else {
      if (seed.ids.has(id) || !isData(value)) return false
      seed.entries.push([id, copyData(value)])
      seed.ids.add(id)
    }
    this.seeded++
    return true
  }

  private seedEntries(): Array<[string, unknown]> {
    const entries = this.seed?.entries ?? []
    return this.seeded === entries.length ? entries : entries.slice(0, this.seeded)
  }

  /** The table's own records, copied from the shared seed the first time they are needed. */
  private records(): Map<string, T> {
    if (this.own) return this.own
    const own = new Map<string, T>()
    for (const [id, value] of this.seedEntries()) own.set(id, copyData(value) as T)
    this.drop()
    return (this.own = own)
  }

  private drop() {
    this.own = undefined
    this.seed = undefined
    this.seeded = 0
  }
}

/**
 * Creates a record table.
 *
 * @example
 * const clusters = createRecordTable<Cluster>({ kind: 'cluster' })
 * clusters.put('clu_1', { id: 'clu_1', state: 'running' })
 */
export function createRecordTable<T>({
  kind,
  vendor,
  events,
  now,
}: RecordTableOptions): RecordTable<T> {
  return new Records<T>(kind, new RecordHost(vendor, events, now))
}
