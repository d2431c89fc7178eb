import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { airweaveFake, directConnection } from './airweave.case.js'

type Fake = Awaited<ReturnType<typeof airweaveFake>>

const jobsOf = async (a: Fake, id: string) =>
  (await a.api('GET', `/source-connections/${id}/jobs`)).body as Array<{ status: string }>

const scheduleOf = async (a: Fake, id: string) =>
  (await a.api('GET', `/source-connections/${id}`)).body.schedule

describe('airweave: a cron schedule starts jobs on the session clock', () => {
  test('every six hours, on the hour (the document example)', async () => {
    const a = await airweaveFake()
    const set = await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 */6 * * *' } },
    })
    expect(set.body.schedule).toEqual({
      cron: '0 */6 * * *',
      next_run: '2026-01-01T06:00:00.000Z',
      continuous: false,
      cursor_field: null,
    })
    a.fake.clock.advance('5h59m')
    expect(await jobsOf(a, a.sc)).toEqual([])
    a.fake.clock.advance('1m')
    expect((await jobsOf(a, a.sc)).map((j) => j.status)).toEqual(['pending'])
    expect((await scheduleOf(a, a.sc)).next_run).toBe('2026-01-01T12:00:00.000Z')
    a.fake.clock.advance('6h')
    expect((await jobsOf(a, a.sc)).map((j) => j.status)).toEqual(['pending', 'completed'])
    expect(a.fake.jobs('airweave').map((j) => j.history[0]!.at)).toEqual([
      '2026-01-01T06:00:00.000Z',
      '2026-01-01T12:00:00.000Z',
    ])
  })

  test('a connection created without a schedule syncs now and then daily at that minute', async () => {
    const a = await airweaveFake()
    a.fake.clock.advance('9h30m')
    const { body } = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection),
    })
    expect(body.schedule).toMatchObject({
      cron: '30 9 * * *',
      next_run: '2026-01-02T09:30:00.000Z',
    })
    a.fake.clock.advance('1d')
    expect((await jobsOf(a, body.id)).map((j) => j.status)).toEqual(['pending', 'completed'])
  })

  test('a run that falls while the last still syncs is skipped; the next one comes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-slow-'))
    mkdirSync(join(dir, 'airweave'))
    writeFileSync(join(dir, 'airweave', 'slow.yaml'), 'delays: { running: 90m }\n')
    const a = await airweaveFake({ scenariosDir: dir, scenario: ['airweave/slow'] })
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 * * * *' } },
    })
    a.fake.clock.advance('1h')
    a.fake.clock.advance('1h')
    expect((await jobsOf(a, a.sc)).map((j) => j.status)).toEqual(['running'])
    a.fake.clock.advance('1h')
    expect((await jobsOf(a, a.sc)).map((j) => j.status)).toEqual(['pending', 'completed'])
  })

  test('the scenario named when the schedule was set runs the scheduled jobs', async () => {
    const a = await airweaveFake()
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      headers: { 'x-jobfake-scenario': 'fails-midway' },
      body: { schedule: { cron: '15 3 * * *' } },
    })
    a.fake.clock.advance('4h')
    expect((await jobsOf(a, a.sc)).map((j) => j.status)).toEqual(['failed'])
  })

  test('a null schedule or cron removes it; nothing fires after', async () => {
    const a = await airweaveFake()
    for (const schedule of [null, { cron: null }]) {
      await a.api('PATCH', `/source-connections/${a.sc}`, {
        body: { schedule: { cron: '0 * * * *' } },
      })
      const cleared = await a.api('PATCH', `/source-connections/${a.sc}`, { body: { schedule } })
      expect(cleared.body.schedule).toBeNull()
    }
    a.fake.clock.advance('3h')
    expect(await jobsOf(a, a.sc)).toEqual([])
  })

  test('a new cron replaces the old timer', async () => {
    const a = await airweaveFake()
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 1 * * *' } },
    })
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 2 * * *' } },
    })
    a.fake.clock.advance('90m')
    expect(await jobsOf(a, a.sc)).toEqual([])
    a.fake.clock.advance('30m')
    expect(await jobsOf(a, a.sc)).toHaveLength(1)
  })

  test('a session written out and read back keeps its schedules', async () => {
    const a = await airweaveFake()
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 3 * * *' } },
    })
    a.fake.clock.advance('1h')
    const written = JSON.stringify(a.fake.session().snapshot())
    const b = await airweaveFake()
    b.fake.session().restore(JSON.parse(written))
    b.fake.clock.advance('2h')
    expect((await jobsOf(b, a.sc)).map((j) => j.status)).toEqual(['pending'])
    expect((await scheduleOf(b, a.sc)).next_run).toBe('2026-01-02T03:00:00.000Z')
  })
})

describe('airweave: a schedule over a long span', () => {
  test('keeps the newest 1000 jobs (what the job list can show), and the tally of all runs', async () => {
    const a = await airweaveFake()
    await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron: '0 * * * *' } },
    })
    a.fake.clock.advance('1005h')
    const jobs = (await a.api('GET', `/source-connections/${a.sc}/jobs?limit=1000`)).body
    expect(jobs).toHaveLength(1000)
    expect(a.fake.jobs('airweave')).toHaveLength(1000)
    const { sync } = (await a.api('GET', `/source-connections/${a.sc}`)).body
    expect(sync).toMatchObject({ total_runs: 1005, successful_runs: 1004, failed_runs: 0 })
    const listed = (await a.api('GET', '/source-connections')).body.find(
      (c: { id: string }) => c.id === a.sc,
    )
    expect(listed.entity_count).toBe(1004 * (480 - 12))
  })
})

describe('airweave: schedules the service refuses', () => {
  test.each(['*/30 * * * *', '* * * * *'])('%s is sub-hourly: 400', async (cron) => {
    const a = await airweaveFake()
    const answer = await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { schedule: { cron } },
    })
    expect(answer).toMatchObject({
      status: 400,
      body: {
        detail:
          "Source 'notion' does not support continuous syncs. Minimum schedule interval is 1 hour (e.g., '0 * * * *' for hourly).",
      },
    })
    const created = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, { schedule: { cron } }),
    })
    expect(created.status).toBe(400)
    expect((await a.api('GET', '/source-connections')).body).toHaveLength(3)
  })

  test.each(['0 0 * * MON', '@hourly', '0 0 * *', '0 25 * * *', '0 0 ? * *'])(
    '%s is not a cron jobfake reads: 422 on body.schedule.cron',
    async (cron) => {
      const a = await airweaveFake()
      const answer = await a.api('PATCH', `/source-connections/${a.sc}`, {
        body: { schedule: { cron } },
      })
      expect(answer.status).toBe(422)
      expect(Object.keys(answer.body.errors[0])).toEqual(['body.schedule.cron'])
      expect(answer.body.errors[0]['body.schedule.cron']).toContain(`"${cron}"`)
    },
  )

  test('a connection still waiting for OAuth keeps no schedule, as the service drops it', async () => {
    const a = await airweaveFake()
    const { body } = await a.api('POST', '/source-connections', {
      body: { short_name: 'slack', readable_collection_id: a.collection },
    })
    const patched = await a.api('PATCH', `/source-connections/${body.id}`, {
      body: { schedule: { cron: '0 * * * *' } },
    })
    expect(patched).toMatchObject({ status: 200, body: { schedule: null } })
  })
})
