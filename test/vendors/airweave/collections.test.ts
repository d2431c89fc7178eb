import { describe, expect, test } from 'vitest'
import { airweaveFake, directConnection } from './airweave.case.js'

const readableIds = (list: Array<{ readable_id: string }>) => list.map((c) => c.readable_id)

describe('airweave: collections', () => {
  test('the demo collections are listed newest first; search and paging narrow them', async () => {
    const a = await airweaveFake()
    const { status, body } = await a.api('GET', '/collections')
    expect(status).toBe(200)
    expect(readableIds(body)).toEqual([...a.fixtures.collectionIds].reverse())
    expect(body[2]).toMatchObject({
      readable_id: 'notion-collection-jf01',
      status: 'NEEDS SOURCE',
      source_connection_summaries: [{ short_name: 'notion', name: 'Team Notion' }],
      vector_size: 3072,
    })
    expect(readableIds((await a.api('GET', '/collections?search=GITHUB')).body)).toEqual([
      'github-collection-jf01',
    ])
    expect(readableIds((await a.api('GET', '/collections?skip=1&limit=1')).body)).toEqual([
      'github-collection-jf01',
    ])
  })

  test('a new collection gets a readable id from its name; a taken one is 409', async () => {
    const a = await airweaveFake()
    const made = await a.api('POST', '/collections', { body: { name: 'Finance Data!' } })
    expect(made.status).toBe(200)
    expect(made.body.readable_id).toMatch(/^finance-data-[a-z0-9]{6}$/)
    expect(made.body).toMatchObject({ name: 'Finance Data!', status: 'NEEDS SOURCE' })
    const own = await a.api('POST', '/collections', {
      body: { name: 'Support', readable_id: 'support-tickets' },
    })
    expect((await a.api('GET', '/collections/support-tickets')).body).toEqual(own.body)
    const taken = await a.api('POST', '/collections', {
      body: { name: 'Support again', readable_id: 'support-tickets' },
    })
    expect(taken).toMatchObject({
      status: 409,
      body: { detail: "Collection with readable_id 'support-tickets' already exists" },
    })
    const bad = await a.api('POST', '/collections', { body: { name: 'abc' } })
    expect(bad.status).toBe(422)
  })

  test('the status follows its connections: ACTIVE while syncing or synced, ERROR when all failed', async () => {
    const a = await airweaveFake()
    const status = async () => (await a.api('GET', `/collections/${a.collection}`)).body.status
    await a.api('POST', `/source-connections/${a.sc}/run`)
    expect(await status()).toBe('NEEDS SOURCE')
    a.fake.clock.advance('10s')
    expect(await status()).toBe('ACTIVE')
    a.fake.clock.advance('10m')
    expect(await status()).toBe('ACTIVE')
    await a.api('POST', `/source-connections/${a.sc}/run`, {
      headers: { 'x-jobfake-scenario': 'fails-midway' },
    })
    a.fake.clock.advance('10m')
    expect(await status()).toBe('ERROR')
  })

  test('an unknown collection is 404 Collection not found', async () => {
    const a = await airweaveFake()
    for (const method of ['GET', 'DELETE']) {
      const answer = await a.api(method, '/collections/nothing-here')
      expect(answer).toMatchObject({ status: 404, body: { detail: 'Collection not found' } })
    }
  })

  test('delete cancels the running and scheduled syncs of every connection in it', async () => {
    const a = await airweaveFake()
    const { readable_id: id } = (
      await a.api('POST', '/collections', { body: { name: 'Billing', readable_id: 'billing' } })
    ).body
    const running = (await a.api('POST', '/source-connections', { body: directConnection(id) }))
      .body
    const scheduled = (
      await a.api('POST', '/source-connections', {
        body: directConnection(id, { sync_immediately: false, schedule: { cron: '0 * * * *' } }),
      })
    ).body
    const moves: string[] = []
    a.fake.session().events.on('job', (e) => void moves.push(`${e.from}→${e.to}`))
    a.fake.clock.advance('30s')
    const { status, body } = await a.api('DELETE', `/collections/${id}`)
    expect(status).toBe(200)
    expect(body).toMatchObject({ readable_id: 'billing', status: 'ACTIVE' })
    expect(body.source_connection_summaries).toHaveLength(2)
    expect(moves).toEqual(['pending→running', 'running→cancelling'])
    for (const c of [running, scheduled])
      expect((await a.api('GET', `/source-connections/${c.id}`)).status).toBe(404)
    // The hourly schedule would have fired at 01:00: nothing starts.
    a.fake.clock.advance('2h')
    expect(a.fake.jobs('airweave')).toEqual([])
    expect(readableIds((await a.api('GET', '/collections')).body)).not.toContain('billing')
  })
})
