import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DEFAULT_SCENARIOS_DIR } from '../../../src/index.js'
import { airweaveFake } from './airweave.case.js'

async function airweave(options = {}) {
  const { fake, call, key, sc } = await airweaveFake(options)
  const base = `/airweave/source-connections/${sc}`
  const run = async (scenario?: string) =>
    (
      await call('POST', `${base}/run`, {
        headers: scenario ? { ...key, 'x-jobfake-scenario': scenario } : key,
      })
    ).body
  const job = async (id: string) =>
    (await call('GET', `${base}/jobs`, { headers: key })).body.find(
      (j: { id: string }) => j.id === id,
    )
  const cancel = (id: string) => call('POST', `${base}/jobs/${id}/cancel`, { headers: key })
  return { fake, call, key, base, run, job, cancel }
}

describe('airweave scenario: worker-unresponsive, minute by minute', () => {
  test('the cleanup job forces the cancel between 3 and 5.5 minutes after it', async () => {
    const a = await airweave()
    const { id } = await a.run('worker-unresponsive')
    a.fake.clock.advance('30s')
    expect((await a.cancel(id)).body.status).toBe('cancelling')
    // Cleanup runs at 150 s, 300 s, 450 s of session time; the cancel was at 30 s.
    const seen: string[] = []
    for (let minute = 1; minute <= 6; minute++) {
      a.fake.clock.advance('1m')
      seen.push(`${minute}m ${(await a.job(id)).status}`)
    }
    expect(seen).toEqual([
      '1m cancelling',
      '2m cancelling',
      '3m cancelling',
      '4m cancelling',
      '5m cancelled',
      '6m cancelled',
    ])
    const job = await a.job(id)
    expect(job.error).toBe('Cancelled by cleanup job (stuck in transitional state)')
    // The run at 300 s is the first to find it stuck for over 3 minutes (since 30 s).
    expect(job.completed_at).toBe('2026-01-01T00:05:00.000Z')
    const forcedAfter = Date.parse(job.completed_at) - Date.parse('2026-01-01T00:00:30.000Z')
    expect(forcedAfter).toBeGreaterThan(3 * 60_000)
    expect(forcedAfter).toBeLessThanOrEqual(5.5 * 60_000)
  })
})

describe('airweave scenario: stuck-running', () => {
  test('progress stops, and the cleanup job fails the job after 15 idle minutes', async () => {
    const a = await airweave()
    const { id } = await a.run('stuck-running')
    a.fake.clock.advance('1m')
    const stalled = await a.job(id)
    a.fake.clock.advance('10m')
    const later = await a.job(id)
    expect(later.status).toBe('running')
    expect(later.entities_inserted).toBe(stalled.entities_inserted)
    a.fake.clock.advance('10m')
    const failed = await a.job(id)
    expect(failed).toMatchObject({
      status: 'failed',
      error: 'Timed out by cleanup job (no activity for 15+ minutes)',
    })
    expect(failed.completed_at).toBeNull()
    expect(failed.duration_seconds).toBeNull()
  })
})

describe('airweave scenario: fails-midway', () => {
  test('fails at half the run with the message; completed_at and duration stay null', async () => {
    const a = await airweave()
    const { id } = await a.run('fails-midway')
    a.fake.clock.advance('64s')
    expect((await a.job(id)).status).toBe('running')
    a.fake.clock.advance('2s')
    const job = await a.job(id)
    expect(job).toMatchObject({ status: 'failed', completed_at: null, duration_seconds: null })
    expect(job.error).toMatch(/502 Bad Gateway/)
    expect(job.entities_inserted).toBe(240)
    expect((await a.call('GET', a.base, { headers: a.key })).body.status).toBe('error')
  })
})

describe('airweave scenario: pending-cancels-immediately and slow-cancel', () => {
  test('a pending job goes straight to cancelled, as the vendor code does', async () => {
    const a = await airweave()
    const { id } = await a.run('pending-cancels-immediately')
    const { status, body } = await a.cancel(id)
    expect(status).toBe(200)
    expect(body.status).toBe('cancelled')
  })

  test('slow-cancel keeps the job cancelling for 45 s', async () => {
    const a = await airweave()
    const { id } = await a.run('slow-cancel')
    a.fake.clock.advance('20s')
    await a.cancel(id)
    a.fake.clock.advance('44s')
    expect((await a.job(id)).status).toBe('cancelling')
    a.fake.clock.advance('1s')
    expect((await a.job(id)).status).toBe('cancelled')
  })
})

describe('airweave scenario: rate-limited', () => {
  test('429 with Retry-After and RateLimit headers past 5 requests, refilled on the clock', async () => {
    const a = await airweave({ scenario: ['airweave/rate-limited'] })
    const statuses: number[] = []
    let limited
    for (let i = 0; i < 6; i++) {
      const answer = await a.call('GET', `${a.base}/jobs`, { headers: a.key })
      statuses.push(answer.status)
      if (answer.status === 429) limited = answer
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    expect(limited!.body.detail).toMatch(/Rate limit exceeded/)
    expect(limited!.headers['retry-after']).toBe('2')
    expect(limited!.headers['ratelimit-limit']).toBe('5')
    expect(limited!.headers['ratelimit-remaining']).toBe('0')
    a.fake.clock.advance('2s')
    expect((await a.call('GET', `${a.base}/jobs`, { headers: a.key })).status).toBe(200)
  })
})

describe('airweave scenario: a timeline', () => {
  test('events are replayed at their offsets from the job start, deterministically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-timeline-'))
    cpSync(DEFAULT_SCENARIOS_DIR, dir, { recursive: true })
    writeFileSync(
      join(dir, 'airweave', 'cancel-at-40s.yaml'),
      'cancel: { worker: unresponsive }\ntimeline:\n  - { at: 40s, event: cancel }\n',
    )
    const a = await airweave({ scenariosDir: dir })
    const { id } = await a.run('cancel-at-40s')
    a.fake.clock.advance('39s')
    expect((await a.job(id)).status).toBe('running')
    a.fake.clock.advance('1s')
    expect((await a.job(id)).status).toBe('cancelling')
    a.fake.clock.advance('10m')
    expect(
      a.fake.jobs('airweave')[0]!.history.map((t) => `${t.state}@${t.at.slice(14, 19)}`),
    ).toEqual(['pending@00:00', 'running@00:05', 'cancelling@00:40', 'cancelled@05:00'])
  })
})
