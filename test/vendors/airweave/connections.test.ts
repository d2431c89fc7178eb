import { describe, expect, test } from 'vitest'
import { airweaveFake, directConnection } from './airweave.case.js'

const ids = (list: Array<{ id: string }>) => list.map((c) => c.id)

describe('airweave: GET /source-connections', () => {
  test('lists every connection newest first, each with its computed status', async () => {
    const a = await airweaveFake()
    const created = (
      await a.api('POST', '/source-connections', {
        body: directConnection(a.collection, { sync_immediately: false }),
      })
    ).body
    await a.api('POST', `/source-connections/${a.sc}/run`)
    const { status, body } = await a.api('GET', '/source-connections')
    expect(status).toBe(200)
    expect(ids(body)).toEqual([created.id, ...[...a.fixtures.sourceConnectionIds].reverse()])
    const bySc = Object.fromEntries(body.map((c: { id: string }) => [c.id, c]))
    expect(bySc[a.sc]).toMatchObject({
      status: 'syncing',
      is_authenticated: true,
      auth_method: 'direct',
    })
    expect(bySc[a.other].status).toBe('active')
  })

  test('the status follows the last job: syncing, then active, error after a failure', async () => {
    const a = await airweaveFake()
    const status = async () =>
      (await a.api('GET', '/source-connections')).body.find((c: { id: string }) => c.id === a.sc)
    await a.api('POST', `/source-connections/${a.sc}/run`)
    expect((await status()).status).toBe('syncing')
    a.fake.clock.advance('10m')
    expect(await status()).toMatchObject({ status: 'active', entity_count: 480 - 12 })
    await a.api('POST', `/source-connections/${a.sc}/run`, {
      headers: { 'x-jobfake-scenario': 'fails-midway' },
    })
    a.fake.clock.advance('10m')
    expect((await status()).status).toBe('error')
  })

  test('filters by collection and pages with skip and limit', async () => {
    const a = await airweaveFake()
    const [notion, github] = a.fixtures.collectionIds
    expect(ids((await a.api('GET', `/source-connections?collection=${github}`)).body)).toEqual([
      a.other,
    ])
    expect((await a.api('GET', '/source-connections?collection=nothing-here')).body).toEqual([])
    const paged = (await a.api('GET', '/source-connections?skip=1&limit=1')).body
    expect(ids(paged)).toEqual([a.other])
    expect(notion).toBeDefined()
  })
})

describe('airweave: POST /source-connections', () => {
  test('a direct connection syncs immediately: the answer already shows the pending job', async () => {
    const a = await airweaveFake()
    const { status, body } = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, { schedule: { cron: null } }),
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      name: 'Stripe Connection',
      short_name: 'stripe',
      readable_collection_id: a.collection,
      status: 'syncing',
      auth: { method: 'direct', authenticated: true },
      schedule: null,
      sync: { total_runs: 1, last_job: { status: 'pending' } },
    })
    const jobs = (await a.api('GET', `/source-connections/${body.id}/jobs`)).body
    expect(jobs).toHaveLength(1)
    a.fake.clock.advance('10m')
    const done = (await a.api('GET', `/source-connections/${body.id}`)).body
    expect(done).toMatchObject({ status: 'active', sync: { successful_runs: 1 } })
  })

  test('sync_immediately: false starts nothing until run', async () => {
    const a = await airweaveFake()
    const { body } = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, { sync_immediately: false, name: 'Billing' }),
    })
    expect(body).toMatchObject({ name: 'Billing', status: 'active', sync: { total_runs: 0 } })
    expect((await a.api('POST', `/source-connections/${body.id}/run`)).status).toBe(200)
  })

  test('token and provider connections are authenticated; a browser flow waits for auth', async () => {
    const a = await airweaveFake()
    const token = await a.api('POST', '/source-connections', {
      body: { ...directConnection(a.collection), authentication: { access_token: 'tok' } },
    })
    expect(token.body.auth.method).toBe('oauth_token')
    const provider = await a.api('POST', '/source-connections', {
      body: {
        ...directConnection(a.collection),
        short_name: 'gmail',
        authentication: { provider_readable_id: 'composio-abc123' },
      },
    })
    expect(provider.body.auth).toMatchObject({
      method: 'auth_provider',
      provider_readable_id: 'composio-abc123',
    })
    const browser = await a.api('POST', '/source-connections', {
      body: { short_name: 'slack', readable_collection_id: a.collection },
    })
    expect(browser.body).toMatchObject({
      status: 'pending_auth',
      auth: { method: 'oauth_browser', authenticated: false },
      sync: null,
      sync_id: null,
      schedule: null,
    })
    const run = await a.api('POST', `/source-connections/${browser.body.id}/run`)
    expect(run).toMatchObject({
      status: 400,
      body: { detail: `Source connection ${browser.body.id} has no associated sync` },
    })
  })

  test('refusals: unknown source or collection 404, a browser flow that syncs now 400', async () => {
    const a = await airweaveFake()
    const source = await a.api('POST', '/source-connections', {
      body: directConnection(a.collection, { short_name: 'myspace' }),
    })
    expect(source).toMatchObject({ status: 404, body: { detail: "Source 'myspace' not found" } })
    const collection = await a.api('POST', '/source-connections', {
      body: directConnection('no-such-collection'),
    })
    expect(collection).toMatchObject({ status: 404, body: { detail: 'Collection not found' } })
    const browser = await a.api('POST', '/source-connections', {
      body: { short_name: 'slack', readable_collection_id: a.collection, sync_immediately: true },
    })
    expect(browser).toMatchObject({
      status: 400,
      body: {
        detail: 'OAuth connections cannot use sync_immediately. Sync starts after OAuth callback.',
      },
    })
    const invalid = await a.api('POST', '/source-connections', { body: { short_name: 'x' } })
    expect(invalid.status).toBe(422)
    expect(Object.keys(invalid.body.errors[0])).toEqual(['body.readable_collection_id'])
    expect((await a.api('GET', '/source-connections')).body).toHaveLength(3)
  })
})

describe('airweave: PATCH /source-connections/{id}', () => {
  test('changes only what is sent, and modified_at', async () => {
    const a = await airweaveFake()
    a.fake.clock.advance('1m')
    const { status, body } = await a.api('PATCH', `/source-connections/${a.sc}`, {
      body: { config: { workspace: 'eng' }, description: 'Engineering pages' },
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      name: 'Team Notion',
      config: { workspace: 'eng' },
      description: 'Engineering pages',
      modified_at: '2026-01-01T00:01:00.000Z',
    })
    const renamed = await a.api('PATCH', `/source-connections/${a.sc}`, { body: { name: 'Wiki' } })
    expect(renamed.body).toMatchObject({ name: 'Wiki', config: { workspace: 'eng' } })
  })

  test('an empty change is 422, an unknown connection 404', async () => {
    const a = await airweaveFake()
    const empty = await a.api('PATCH', `/source-connections/${a.sc}`, { body: {} })
    expect(empty).toMatchObject({
      status: 422,
      body: { errors: [{ body: 'At least one field must be provided for update' }] },
    })
    const missing = await a.api(
      'PATCH',
      '/source-connections/00000000-0000-4000-8000-000000000000',
      {
        body: { name: 'Gone away' },
      },
    )
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Source connection not found' } })
  })
})

describe('airweave: DELETE /source-connections/{id}', () => {
  test('cancels the running sync, then removes the connection and its jobs', async () => {
    const a = await airweaveFake()
    const moves: string[] = []
    a.fake.session().events.on('job', (e) => void moves.push(`${e.from}→${e.to}`))
    const job = (await a.api('POST', `/source-connections/${a.sc}/run`)).body
    a.fake.clock.advance('30s')
    const { status, body } = await a.api('DELETE', `/source-connections/${a.sc}`)
    expect(status).toBe(200)
    // The answer is the connection as it was when the delete came.
    expect(body).toMatchObject({ id: a.sc, status: 'syncing', sync: { last_job: { id: job.id } } })
    expect(moves).toEqual(['null→pending', 'pending→running', 'running→cancelling'])
    expect(a.fake.jobs('airweave')).toEqual([])
    expect((await a.api('GET', `/source-connections/${a.sc}`)).status).toBe(404)
    expect((await a.api('GET', `/source-connections/${a.sc}/jobs`)).status).toBe(404)
    expect(ids((await a.api('GET', '/source-connections')).body)).not.toContain(a.sc)
    a.fake.clock.advance('1h')
    expect(a.fake.jobs('airweave')).toEqual([])
  })

  test('a connection with only finished jobs goes without a cancel; a second delete is 404', async () => {
    const a = await airweaveFake()
    await a.api('POST', `/source-connections/${a.sc}/run`)
    a.fake.clock.advance('10m')
    expect((await a.api('DELETE', `/source-connections/${a.sc}`)).body.status).toBe('active')
    const again = await a.api('DELETE', `/source-connections/${a.sc}`)
    expect(again).toMatchObject({ status: 404, body: { detail: 'Source connection not found' } })
  })
})
