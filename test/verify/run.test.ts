import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunningFake } from '../../src/index.js'
import { vendors } from '../../src/vendors/index.js'
import { plans } from '../../src/verify/plans.js'
import { verify } from '../../src/verify/run.js'
import { specCheck } from '../../src/verify/spec-check.js'
import { roomyFake, valuesOf } from './fixtures.case.js'

let fake: RunningFake
let values: Awaited<ReturnType<typeof valuesOf>>
beforeAll(async () => {
  fake = await roomyFake()
  values = await valuesOf(fake)
  // Under vitest the specs are compiled from source on first use: tens of seconds on two cores.
}, 120_000)
afterAll(() => fake.close())

describe(verify, () => {
  test.each(Object.keys(plans))(
    '%s: every lifecycle passes against jobfake itself',
    async (name) => {
      const vendor = vendors.find((v) => v.name === name)!
      const result = await verify({
        plan: plans[name]!,
        vendor,
        baseUrl: fake.url(name),
        values: values[name]!,
        spec: await specCheck(vendor),
        allowWrites: true,
        pollMs: 2,
        stepTimeoutMs: 5000,
      })
      const failed = result.lifecycles.flatMap((l) => l.steps).filter((s) => s.outcome !== 'passed')
      expect(failed).toEqual([])
      expect(result.differences).toBe(0)
      expect(result.lifecycles.map((l) => l.name)).toEqual(['cancel', 'complete', 'not-found'])
    },
  )
})
