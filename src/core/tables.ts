/** The kinds of one vendor's tables, in order, shared by every session. */
export class Kinds {
  readonly index: Map<string, number>
  constructor(readonly names: readonly string[]) {
    this.index = new Map(names.map((name, i) => [name, i]))
  }
}

/** A Map whose entries are made on first use: `made()` gives those made so far, and no others. */
export interface MadeOnUse<T> extends ReadonlyMap<string, T> {
  made(): T[]
}

/**
 * One vendor's tables of one session, by kind: read like a Map, but the kinds are the vendor's
 * (shared), and each table is made the first time it is asked for — an empty table and one never
 * made look the same — so a session holds only the tables it uses.
 *
 * @example
 * class JobTables extends Tables<JobTable> { protected make(kind) { return createJobTable(…) } }
 */
export abstract class Tables<T> implements MadeOnUse<T> {
  private slots: Array<T | undefined> | undefined

  constructor(private kinds: Kinds) {}

  /** Makes the table of a kind, on first use. */
  protected abstract make(kind: string): T

  get size(): number {
    return this.kinds.names.length
  }
  get(kind: string): T | undefined {
    const i = this.kinds.index.get(kind)
    return i === undefined ? undefined : this.at(i)
  }
  has(kind: string): boolean {
    return this.kinds.index.has(kind)
  }
  forEach(fn: (table: T, kind: string, map: ReadonlyMap<string, T>) => void, self?: unknown): void {
    for (const [kind, table] of this) fn.call(self, table, kind, this)
  }
  *entries(): MapIterator<[string, T]> {
    for (let i = 0; i < this.kinds.names.length; i++) yield [this.kinds.names[i]!, this.at(i)]
  }
  keys(): MapIterator<string> {
    return this.kinds.names.values()
  }
  *values(): MapIterator<T> {
    for (let i = 0; i < this.kinds.names.length; i++) yield this.at(i)
  }
  [Symbol.iterator](): MapIterator<[string, T]> {
    return this.entries()
  }

  /** The tables made so far. */
  made(): T[] {
    return (this.slots ?? []).filter((table) => table !== undefined)
  }

  private at(i: number): T {
    const slots = (this.slots ??= [])
    return (slots[i] ??= this.make(this.kinds.names[i]!))
  }
}
