import { describe, expect, test } from 'vitest'
import { createFake } from '../src/index.js'

describe(createFake, () => {
  // The README's vitest example, as it stands there.
  test('README example: a cancel is acknowledged, then refused', async () => {
    const fake = await createFake({ clock: 'manual' })
    const { airweave } = await (await fake.request('/__admin/fixtures')).json()
    const headers = { 'x-api-key': airweave.apiKey }
    const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`

    const job = await (await fake.request(`${base}/run`, { method: 'POST', headers })).json()
    fake.clock.advance('30s')
    const cancel = await fake.request(`${base}/jobs/${job.id}/cancel`, { method: 'POST', headers })
    expect((await cancel.json()).status).toBe('cancelling')

    fake.clock.advance('1m')
    expect(fake.jobs('airweave')[0]?.state).toBe('cancelled')
    const again = await fake.request(`${base}/jobs/${job.id}/cancel`, { method: 'POST', headers })
    expect(again.status).toBe(400)
    expect(fake.violations()).toEqual([])
    expect(
      fake.coverage().vendors.airweave?.operations['sourceConnections.cancelJob']?.statuses,
    ).toMatchObject({ 200: 1, 400: 1 })
    await fake.close()
  })

  test('clock.now and clock.advance move the default session, and reject non-durations', async () => {
    const fake = await createFake()
    const start = fake.clock.now()
    expect(fake.clock.advance('2m30s')).toBe(start + 150_000)
    expect(() => fake.clock.advance('soon')).toThrow(/"soon" is not a duration/)
  })

  test('journal(filter), reset() and report() over resets', async () => {
    const fake = await createFake()
    await fake.request('/airweave/nothing')
    await fake.request('/airweave/source-connections/x/jobs')
    expect(fake.journal({ status: 404 })).toHaveLength(1)
    expect(fake.journal({ violations: true })).toHaveLength(0)
    fake.reset()
    expect(fake.journal()).toEqual([])
    expect(fake.report().vendors.airweave).toBeDefined()
  })

  test('fetch takes a Request, for code that calls fetch itself', async () => {
    const fake = await createFake()
    const res = await fake.fetch(new Request('http://fake/__admin/health'))
    expect(await res.json()).toEqual({ status: 'ok' })
  })

  test('an unknown start time or clock is refused with a hint', async () => {
    await expect(createFake({ start: 'yesterday' })).rejects.toThrow(
      /Unknown start time "yesterday"/,
    )
    await expect(createFake({ clock: 'warp' })).rejects.toThrow(/Unknown clock "warp"/)
  })

  test('start sets where a manual clock begins', async () => {
    const fake = await createFake({ start: '2030-05-01T12:00:00Z' })
    expect(new Date(fake.clock.now()).toISOString()).toBe('2030-05-01T12:00:00.000Z')
  })
})
