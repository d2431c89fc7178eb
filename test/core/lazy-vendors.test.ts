// A session opens each vendor (its tables, tasks and seed) the first time it is asked for. What a
// vendor holds must not depend on when that was, nor on which vendor was asked for first.
import { expect, test } from 'vitest'
import { createFake } from '../../src/index.js'

const VENDORS = ['peaka', 'airweave', 'chroma', 'akua']

test('a vendor opened late, or after the others, holds what it would have held from the start', async () => {
  const early = await createFake({ clock: 'manual', seed: 3 })
  const late = await createFake({ clock: 'manual', seed: 3 })
  // Opened at the start, in declared order.
  const atStart = Object.fromEntries(
    VENDORS.map((v) => [v, early.session('s').vendors.get(v) && early.session('s').snapshot()]),
  )
  // Opened a day later, in the other order, after ids were drawn for something else.
  const session = late.session('s')
  session.clock.advance(86_400_000)
  for (let i = 0; i < 5; i++) session.ids.uuid()
  for (const v of [...VENDORS].reverse()) session.vendors.get(v)
  const snapshot = session.snapshot()
  for (const v of VENDORS) expect(snapshot.vendors[v]).toEqual(atStart[v]!.vendors[v])
  // Akua's seed reads the clock (a bootstrap's expiry) and draws ids: both as of the start.
  expect(JSON.stringify(snapshot.vendors.akua)).toContain('expires_at')
  await Promise.all([early.close(), late.close()])
})

test('a session holds only the vendors it was asked for; iterating opens them all, in order', async () => {
  const fake = await createFake({ clock: 'manual' })
  const session = fake.session('one-vendor')
  const { vendors } = fake.session('one-vendor')
  expect(session.vendors.made()).toHaveLength(0)
  const fixtures = await (await fake.request('/__admin/fixtures')).json()
  const res = await fake.request('/airweave/source-connections', {
    headers: { 'x-api-key': fixtures.airweave.apiKey, 'x-jobfake-session': 'one-vendor' },
  })
  expect(res.status).toBe(200)
  expect(session.vendors.made()).toHaveLength(1)
  expect([...vendors.keys()]).toEqual(VENDORS)
  expect([...vendors].map(([name]) => name)).toEqual(VENDORS)
  expect(session.vendors.made()).toHaveLength(4)
  await fake.close()
})
