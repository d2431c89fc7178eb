import { describe, expect, test } from 'vitest'
import { defineVendor } from '../../src/vendor/define.js'
import { airweave } from '../../src/vendors/airweave/index.js'

describe(defineVendor, () => {
  const { name, mount, ...rest } = airweave
  const base = { ...rest, auth: airweave.auth as never }

  test('refuses a bad name, a bad mount, and a kind that is both a job and a record', () => {
    expect(() => defineVendor('Air Weave', mount, base)).toThrow(/lowercase/)
    expect(() => defineVendor(name, 'airweave/', base)).toThrow(/must start with "\/"/)
    expect(() => defineVendor(name, mount, { ...base, records: ['sync-job'] })).toThrow(
      /both a job kind and a record kind/,
    )
  })

  test('a declaration is data the engine reads: routes by operationId, kinds, tasks', () => {
    expect(Object.keys(airweave.routes)).toContain('sourceConnections.cancelJob')
    expect(Object.keys(airweave.jobs)).toEqual(['sync-job'])
    expect(airweave.every?.cleanup?.ms).toBe(150_000)
  })
})
