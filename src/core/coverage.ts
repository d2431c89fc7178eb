import { publish, type JournalEntry, type Recorded } from './journal.js'
import { Ring } from './ring.js'

/** What could be exercised for one vendor: its operations' declared statuses and its job states. */
export interface CoverageUniverse {
  vendor: string
  /** `mocked`: answered by prism from the document, not modelled by jobfake. */
  operations: Array<{ id: string; statuses: string[]; mocked?: boolean }>
  states: string[]
}

export interface OperationCoverage {
  calls: number
  /** Every declared status, with how often it was answered (0: never). */
  statuses: Record<string, number>
  /** Job states this operation reported, with counts. */
  states: Record<string, number>
  /** Declared statuses never answered. */
  missing: string[]
  /** Answered by prism from the document: jobfake does not model this operation. */
  mocked?: boolean
}

export interface VendorCoverage {
  operations: Record<string, OperationCoverage>
  /** Every job state, with how often an answer reported it (0: never). */
  states: Record<string, number>
  missingStates: string[]
  exercised: number
  declared: number
}

export interface CoverageReport {
  vendors: Record<string, VendorCoverage>
  /** Requests that broke the spec (request or response), newest last; at most the last 1,000. */
  violations: JournalEntry[]
  summary: { exercised: number; declared: number; violations: number }
}

/**
 * Counts, cumulatively, which operation × status × job state a client exercised, and keeps the
 * requests that broke the contract. Unlike the journal it forgets nothing but the oldest
 * violations.
 *
 * @example
 * const coverage = createCoverage()
 * coverage.record(entry)
 * coverage.report(universes).summary
 */
export function createCoverage(): Coverage {
  return new Coverage()
}

/** Counts by key, in the order first counted: a few keys each, so pairs in one array, not a Map. */
class Tally<K> {
  private pairs: Array<K | number> = []
  bump(key: K): void {
    const { pairs } = this
    for (let i = 0; i < pairs.length; i += 2) {
      if (pairs[i] !== key) continue
      pairs[i + 1] = (pairs[i + 1] as number) + 1
      return
    }
    // The first pair in an array of its size: a push would reserve room for sixteen.
    if (pairs.length === 0) this.pairs = [key, 1]
    else pairs.push(key, 1)
  }
  get(key: K): number | undefined {
    const { pairs } = this
    for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === key) return pairs[i + 1] as number
    return undefined
  }
  *[Symbol.iterator](): Generator<[K, number]> {
    const { pairs } = this
    for (let i = 0; i < pairs.length; i += 2) yield [pairs[i] as K, pairs[i + 1] as number]
  }
}

const keyOf = (vendor: string, operation: string) => `${vendor}\u0000${operation}`

class Counts {
  calls = 0
  statuses = new Tally<number>()
  states = new Tally<string>()
}

// A class, and empty until the first request: every session holds one.
export class Coverage {
  /** By vendor, then operation: one Map for all, keyed by both. */
  private byOperation: Map<string, Counts> | undefined
  private stateCounts: Map<string, Tally<string>> | undefined
  private violations: Ring<Recorded> | undefined
  private violationCount = 0
  private last: { vendor: string; operation: string; counts: Counts } | undefined

  record(entry: Recorded): void {
    if (entry.operation === null) return
    const counts = this.countsOf(entry.vendor, entry.operation)
    counts.calls++
    counts.statuses.bump(entry.status)
    if (entry.state) {
      counts.states.bump(entry.state)
      const stateCounts = (this.stateCounts ??= new Map())
      let states = stateCounts.get(entry.vendor)
      if (!states) stateCounts.set(entry.vendor, (states = new Tally()))
      states.bump(entry.state)
    }
    if (entry.violations.length > 0) {
      ;(this.violations ??= new Ring<Recorded>(1000)).push(entry)
      this.violationCount++
    }
  }

  report(universes: CoverageUniverse[]): CoverageReport {
    const vendors: Record<string, VendorCoverage> = {}
    let exercised = 0
    let declared = 0
    for (const { vendor, operations, states } of universes) {
      const coverage: VendorCoverage = {
        operations: {},
        states: {},
        missingStates: [],
        exercised: 0,
        declared: 0,
      }
      for (const { id, statuses, mocked } of operations) {
        const counts = this.byOperation?.get(keyOf(vendor, id))
        const seen: Record<string, number> = {}
        for (const status of statuses) seen[status] = counts?.statuses.get(Number(status)) ?? 0
        for (const [status, n] of counts?.statuses ?? []) seen[String(status)] ??= n
        const opStates: Record<string, number> = {}
        for (const state of states) {
          const n = counts?.states.get(state)
          if (n) opStates[state] = n
        }
        const missing = statuses.filter((s) => seen[s] === 0)
        coverage.operations[id] = {
          calls: counts?.calls ?? 0,
          statuses: seen,
          states: opStates,
          missing,
          ...(mocked ? { mocked } : {}),
        }
        coverage.declared += statuses.length
        coverage.exercised += statuses.length - missing.length
      }
      for (const state of states)
        coverage.states[state] = this.stateCounts?.get(vendor)?.get(state) ?? 0
      coverage.missingStates = states.filter((s) => coverage.states[s] === 0)
      vendors[vendor] = coverage
      exercised += coverage.exercised
      declared += coverage.declared
    }
    return {
      vendors,
      violations: (this.violations?.toArray() ?? []).map(publish),
      summary: { exercised, declared, violations: this.violationCount },
    }
  }

  clear(): void {
    this.byOperation = undefined
    this.last = undefined
    this.stateCounts = undefined
    this.violations = undefined
    this.violationCount = 0
  }

  private countsOf(vendor: string, operation: string): Counts {
    // A client mostly repeats its last call: two compares instead of joining a key and hashing it.
    const last = this.last
    if (last && last.vendor === vendor && last.operation === operation) return last.counts
    const byOperation = (this.byOperation ??= new Map())
    const key = keyOf(vendor, operation)
    let counts = byOperation.get(key)
    if (!counts) byOperation.set(key, (counts = new Counts()))
    this.last = { vendor, operation, counts }
    return counts
  }
}
