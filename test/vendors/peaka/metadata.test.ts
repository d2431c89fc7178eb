import { describe, expect, test } from 'vitest'
import { peaka, withScenarios } from './peaka.case.js'

const scenariosDir = withScenarios({
  'metadata-paused':
    'description: The metadata queue is paused.\noptions:\n  metadataQueuePaused: true\n',
  'metadata-stalls':
    'description: Metadata jobs stall halfway.\noutcome:\n  kind: stall\n  at: 0.5\n',
})

async function metadata(options = {}) {
  const p = await peaka({ scenariosDir, ...options })
  const root = `/peaka/api/v1/metadata/${p.project}`
  const refresh = (body?: unknown, headers?: Record<string, string>) =>
    p.post(`${root}/refresh`, body, headers)
  const status = async (catalogId = 'pg_sales') =>
    (await p.get(`${root}/refresh/${catalogId}`)).body.status
  return { ...p, root, refresh, status }
}

describe('peaka metadata refresh: the job', () => {
  test('NOT_ACTIVE until one starts; WAITING 2 s, ACTIVE 30 s, then COMPLETED', async () => {
    const p = await metadata()
    expect(await p.status()).toBe('NOT_ACTIVE')
    const started = await p.refresh({ catalogId: 'pg_sales' })
    expect(started.body).toEqual({ pg_sales: { jobId: expect.any(String), status: 'WAITING' } })
    expect(await p.status()).toBe('WAITING')
    p.fake.clock.advance('2s')
    expect(await p.status()).toBe('ACTIVE')
    p.fake.clock.advance('29s')
    expect(await p.status()).toBe('ACTIVE')
    p.fake.clock.advance('1s')
    expect(await p.status()).toBe('COMPLETED')
    expect(await p.status('stripe')).toBe('NOT_ACTIVE')
  })

  test('without a catalog, every catalog of the project; a catalog whose job is live keeps it', async () => {
    const p = await metadata()
    const first = (await p.refresh({ catalogId: 'stripe' })).body.stripe.jobId
    p.fake.clock.advance('5s')
    const all = (await p.refresh()).body
    expect(Object.keys(all).sort()).toEqual(['pg_sales', 'stripe'])
    expect(all.stripe).toEqual({ jobId: first, status: 'ACTIVE' })
    expect(all.pg_sales.status).toBe('WAITING')
    p.fake.clock.advance('1m')
    const again = (await p.refresh({ catalogId: 'stripe' })).body.stripe
    expect(again.jobId).not.toBe(first)
  })

  test('fails-midway: the failed attempt is DELAYED 10 s and retried, then FAILED', async () => {
    const p = await metadata({ scenario: ['peaka/fails-midway'] })
    await p.refresh({ catalogId: 'pg_sales' })
    const seen: string[] = []
    for (const by of ['2s', '15s', '10s', '15s']) {
      p.fake.clock.advance(by)
      seen.push(await p.status())
    }
    expect(seen).toEqual(['ACTIVE', 'DELAYED', 'ACTIVE', 'FAILED'])
  })

  test('a paused queue holds the job PAUSED until a resume event', async () => {
    const p = await metadata()
    const { jobId } = (
      await p.refresh({ catalogId: 'pg_sales' }, { 'x-jobfake-scenario': 'metadata-paused' })
    ).body.pg_sales
    p.fake.clock.advance('1h')
    expect(await p.status()).toBe('PAUSED')
    const resumed = await p.call('POST', `/__admin/jobs/${jobId}/events`, {
      body: { type: 'resume' },
    })
    expect(resumed.body.state).toBe('WAITING')
    p.fake.clock.advance('32s')
    expect(await p.status()).toBe('COMPLETED')
  })

  test('a stalled job is STUCK where it stops making progress', async () => {
    const p = await metadata({ scenario: ['peaka/metadata-stalls'] })
    await p.refresh({ catalogId: 'pg_sales' })
    p.fake.clock.advance('16s')
    expect(await p.status()).toBe('ACTIVE')
    p.fake.clock.advance('1s')
    expect(await p.status()).toBe('STUCK')
  })
})

describe('peaka metadata refresh: refusals', () => {
  test('404 for a catalog the project does not have; 400 for a callback URL jobfake cannot call', async () => {
    const p = await metadata()
    expect((await p.refresh({ catalogId: 'hubspot_crm' })).body.errorCode).toBe(124)
    expect((await p.get(`${p.root}/refresh/nope`)).status).toBe(404)
    const bad = await p.refresh({ callbackURL: 'ftp://example.com/x' })
    expect(bad).toMatchObject({ status: 400, body: { errorCode: 125 } })
    expect(await p.status()).toBe('NOT_ACTIVE')
  })
})
