import { describe, expect, test } from 'vitest'
import { builtInScenario } from '../../src/scenarios/scenario.js'
import { failsAfter, stallsAfter } from '../../src/vendor/outcome.js'
import { profileOf } from '../../src/vendor/profile.js'
import { vocabulary as airweave } from '../../src/vendors/airweave/scenario.js'
import { vocabulary as akua } from '../../src/vendors/akua/scenario.js'

describe(profileOf, () => {
  test("fills the vendor's defaults: every delay, counter and option with a default", () => {
    const profile = profileOf(builtInScenario('airweave'), airweave)
    expect(profile).toEqual({
      delays: { pending: 5_000, running: 120_000, cancelAck: 3_000 },
      outcome: { kind: 'complete' },
      workerResponsive: true,
      rates: { inserted: 4, updated: 1, deleted: 0.1, failed: 0 },
      options: { pendingCancel: 'cancelling' },
    })
    expect(profileOf(builtInScenario('akua'), akua).options).toEqual({
      drainSteps: 1,
      retryMessage: 'Step failed; retrying',
    })
  })

  test("a scenario's values win; cancel.grace sets the delay the vendor names for it", () => {
    const scenario = {
      ...builtInScenario('airweave'),
      delays: { pending: 1 },
      cancel: { worker: 'unresponsive' as const, grace: 45_000 },
      counters: { failed: 2 },
    }
    const profile = profileOf(scenario, airweave)
    expect(profile.delays).toEqual({ pending: 1, running: 120_000, cancelAck: 45_000 })
    expect(profile.workerResponsive).toBe(false)
    expect(profile.rates.failed).toBe(2)
    expect(profileOf(scenario, airweave)).toBe(profile)
  })

  test('failsAfter and stallsAfter place the outcome on the run', () => {
    const base = profileOf(builtInScenario('airweave'), airweave)
    expect(failsAfter(base, 1000)).toBe(1000)
    expect(failsAfter({ ...base, outcome: { kind: 'fail', at: 0.25, message: 'x' } }, 1000)).toBe(
      250,
    )
    expect(stallsAfter(base, 1000)).toBeUndefined()
    expect(stallsAfter({ ...base, outcome: { kind: 'stall', at: 0.5 } }, 1000)).toBe(500)
  })
})
