import type { AnyStateMachine } from 'xstate'
import type { Vendor, VendorSession } from '../vendor/types.js'
import { createClock, type ClockMode, type EngineClock } from './clock.js'
import { createIds, type IdGenerator } from './ids.js'
import { createJobTable, type JobTable } from './jobs.js'
import { createCoverage, type Coverage } from './coverage.js'
import { createJournal, type Journal } from './journal.js'
import { createFaultState, type FaultState } from '../scenarios/faults.js'

/** One vendor inside one session: its routes and state, and the job tables it made. */
export interface OpenVendor {
  vendor: Vendor
  session: VendorSession
  tables: JobTable<AnyStateMachine>[]
}

/** Everything one test run sees: its own clock, ids, jobs and journal. */
export interface Session {
  readonly name: string
  readonly clock: EngineClock
  ids: IdGenerator
  vendors: Map<string, OpenVendor>
  journal: Journal
  coverage: Coverage
  /** The scenario each vendor runs in this session, by name. */
  scenarios: Map<string, string>
  faults: FaultState
  /** A new start: jobs, journal, coverage, faults and scenario choices cleared, ids re-seeded, clock to its start. */
  reset(): void
  dispose(): void
}

export interface SessionOptions {
  vendors: Vendor[]
  clock: ClockMode
  /** Epoch ms the clock starts at; by default the wall clock, or a fixed date in manual mode. */
  start?: number
  seed: number
  journalSize: number
  /** The scenario each vendor starts with (and returns to on reset). */
  scenarios: ReadonlyMap<string, string>
}

function openVendors(vendors: Vendor[], clock: EngineClock, ids: () => IdGenerator) {
  const open = new Map<string, OpenVendor>()
  for (const vendor of vendors) {
    const tables: JobTable<AnyStateMachine>[] = []
    const session = vendor.open({
      clock,
      get ids() {
        return ids()
      },
      jobs(options) {
        const table = createJobTable({ ...options, clock })
        tables.push(table as unknown as JobTable<AnyStateMachine>)
        return table
      },
      every(ms, task) {
        const tick = () => {
          clock.setTimeout(tick, ms)
          task()
        }
        clock.setTimeout(tick, ms)
      },
    })
    open.set(vendor.name, { vendor, session, tables })
  }
  return open
}

/**
 * Creates a session. Vendors are opened afresh here and on every reset, so a reset really is
 * a new start: no job, timer or id survives it.
 *
 * @example
 * const session = createSession('ci-42', { vendors, clock: { kind: 'manual' }, seed: 1, journalSize: 100 })
 */
export function createSession(name: string, options: SessionOptions): Session {
  const clock = createClock({ mode: options.clock, start: options.start })
  const session: Session = {
    name,
    clock,
    ids: createIds(options.seed, name),
    vendors: new Map(),
    journal: createJournal(options.journalSize),
    coverage: createCoverage(),
    scenarios: new Map(options.scenarios),
    faults: createFaultState(),
    reset() {
      for (const open of session.vendors.values()) for (const table of open.tables) table.dispose()
      clock.reset()
      session.ids = createIds(options.seed, name)
      session.journal.clear()
      session.coverage.clear()
      session.scenarios = new Map(options.scenarios)
      session.faults = createFaultState()
      session.vendors = openVendors(options.vendors, clock, () => session.ids)
    },
    dispose() {
      for (const open of session.vendors.values()) for (const table of open.tables) table.dispose()
      clock.dispose()
    },
  }
  session.vendors = openVendors(options.vendors, clock, () => session.ids)
  return session
}

/** The sessions of one fake, created on first use by name. */
export function createSessions(options: SessionOptions) {
  const sessions = new Map<string, Session>()
  return {
    get(name: string): Session {
      let session = sessions.get(name)
      if (!session) sessions.set(name, (session = createSession(name, options)))
      return session
    },
    all: () => [...sessions.values()],
    dispose() {
      for (const session of sessions.values()) session.dispose()
      sessions.clear()
    },
  }
}

export type Sessions = ReturnType<typeof createSessions>
