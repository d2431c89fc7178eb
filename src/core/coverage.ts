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
export function createCoverage() {
  interface Counts {
    calls: number
    statuses: Map<number, number>
    states: Map<string, number>
  }
  const byOperation = new Map<string, Map<string, Counts>>()
  const stateCounts = new Map<string, Map<string, number>>()
  const violations = new Ring<Recorded>(1000)
  let violationCount = 0
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1)
  const countsOf = (vendor: string, operation: string): Counts => {
    let ops = byOperation.get(vendor)
    if (!ops) byOperation.set(vendor, (ops = new Map()))
    let counts = ops.get(operation)
    if (!counts) ops.set(operation, (counts = { calls: 0, statuses: new Map(), states: new Map() }))
    return counts
  }
  return {
    record(entry: Recorded): void {
      if (entry.operation === null) return
      const counts = countsOf(entry.vendor, entry.operation)
      counts.calls++
      bump(counts.statuses, entry.status)
      if (entry.state) {
        bump(counts.states, entry.state)
        let states = stateCounts.get(entry.vendor)
        if (!states) stateCounts.set(entry.vendor, (states = new Map()))
        bump(states, entry.state)
      }
      if (entry.violations.length > 0) {
        violations.push(entry)
        violationCount++
      }
    },
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
          const counts = byOperation.get(vendor)?.get(id)
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
          coverage.states[state] = stateCounts.get(vendor)?.get(state) ?? 0
        coverage.missingStates = states.filter((s) => coverage.states[s] === 0)
        vendors[vendor] = coverage
        exercised += coverage.exercised
        declared += coverage.declared
      }
      return {
        vendors,
        violations: violations.toArray().map(publish),
        summary: { exercised, declared, violations: violationCount },
      }
    },
    clear(): void {
      byOperation.clear()
      stateCounts.clear()
      violations.clear()
      violationCount = 0
    },
  }
}

export type Coverage = ReturnType<typeof createCoverage>
