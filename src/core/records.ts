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
 * Creates a record table.
 *
 * @example
 * const clusters = createRecordTable<Cluster>({ kind: 'cluster' })
 * clusters.put('clu_1', { id: 'clu_1', state: 'running' })
 */
export function createRecordTable<T>({
  kind,
  vendor = '',
  events,
  now = () => 0,
}: RecordTableOptions): RecordTable<T> {
  const records = new Map<string, T>()
  const tell = (id: string, change: 'created' | 'changed' | 'removed') =>
    events?.emit({ type: 'record', vendor, kind, id, change, at: now() })
  return {
    kind,
    get: (id) => records.get(id),
    has: (id) => records.has(id),
    all: () => [...records.values()],
    find(match) {
      for (const value of records.values()) if (match(value)) return value
      return undefined
    },
    put(id, value) {
      const change = records.has(id) ? 'changed' : 'created'
      records.set(id, value)
      tell(id, change)
      return value
    },
    remove(id) {
      if (!records.delete(id)) return false
      tell(id, 'removed')
      return true
    },
    size: () => records.size,
    snapshot: () => structuredClone([...records.entries()]),
    restore(entries) {
      records.clear()
      for (const [id, value] of structuredClone(entries)) records.set(id, value)
    },
    clear: () => records.clear(),
  }
}
