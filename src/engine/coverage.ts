import type { JournalEntry } from './journal.js'
import { Ring } from './ring.js'

/** What could be exercised for one vendor: its operations' declared statuses and its job states. */
export interface CoverageUniverse {
  vendor: string
  operations: Array<{ id: string; statuses: string[] }>
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
 * requests that broke the contract. Unlike the journal it forgets nothing but the oldest violations.
 *
 * @example
 * const coverage = createCoverage()
 * coverage.record(entry)
 * coverage.report(universes).summary
 */
export function createCoverage() {
  const counts = new Map<string, number>()
  const violations = new Ring<JournalEntry>(1000)
  let violationCount = 0
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  return {
    record(entry: JournalEntry): void {
      if (entry.operation === null) return
      const op = `${entry.vendor}\u0000${entry.operation}`
      bump(`${op}\u0000calls`)
      bump(`${op}\u0000status\u0000${entry.status}`)
      if (entry.state) {
        bump(`${op}\u0000state\u0000${entry.state}`)
        bump(`${entry.vendor}\u0000state\u0000${entry.state}`)
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
        const coverage: VendorCoverage = { operations: {}, states: {}, missingStates: [], exercised: 0, declared: 0 }
        for (const { id, statuses } of operations) {
          const op = `${vendor}\u0000${id}`
          const seen: Record<string, number> = {}
          for (const status of statuses) seen[status] = counts.get(`${op}\u0000status\u0000${status}`) ?? 0
          for (const [key, n] of counts) {
            const status = key.startsWith(`${op}\u0000status\u0000`) ? key.split('\u0000')[3]! : undefined
            if (status && !(status in seen)) seen[status] = n
          }
          const opStates: Record<string, number> = {}
          for (const state of states) {
            const n = counts.get(`${op}\u0000state\u0000${state}`)
            if (n) opStates[state] = n
          }
          const missing = statuses.filter((s) => seen[s] === 0)
          coverage.operations[id] = { calls: counts.get(`${op}\u0000calls`) ?? 0, statuses: seen, states: opStates, missing }
          coverage.declared += statuses.length
          coverage.exercised += statuses.length - missing.length
        }
        for (const state of states) coverage.states[state] = counts.get(`${vendor}\u0000state\u0000${state}`) ?? 0
        coverage.missingStates = states.filter((s) => coverage.states[s] === 0)
        vendors[vendor] = coverage
        exercised += coverage.exercised
        declared += coverage.declared
      }
      return { vendors, violations: violations.toArray(), summary: { exercised, declared, violations: violationCount } }
    },
    clear(): void {
      counts.clear()
      violations.clear()
      violationCount = 0
    },
  }
}

export type Coverage = ReturnType<typeof createCoverage>
