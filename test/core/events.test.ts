import { describe, expect, test } from 'vitest'
import { SessionEvents, type SessionEvent } from '../../src/core/events.js'
import { createFake } from '../../src/index.js'

describe(SessionEvents, () => {
  test('listeners hear their own type; onAny hears all; the returned function unsubscribes', () => {
    const events = new SessionEvents()
    const jobs: string[] = []
    const all: string[] = []
    const off = events.on('job', (e) => jobs.push(`${e.id}:${e.from}>${e.to}`))
    events.onAny((e) => all.push(e.type))
    expect(events.has('job')).toBe(true)
    events.emit({ type: 'job', vendor: 'v', kind: 'k', id: 'a', from: null, to: 'pending', at: 0 })
    events.emit({ type: 'clock', now: 5, by: 5 })
    off()
    events.emit({
      type: 'job',
      vendor: 'v',
      kind: 'k',
      id: 'a',
      from: 'pending',
      to: 'running',
      at: 5,
    })
    expect(jobs).toEqual(['a:null>pending'])
    expect(all).toEqual(['job', 'clock', 'job'])
  })

  test('a session tells job transitions, record changes, requests and clock moves as they happen', async () => {
    const fake = await createFake()
    const seen: SessionEvent[] = []
    fake.session().events.onAny((e) => seen.push(e))
    const { airweave } = await (await fake.request('/__admin/fixtures')).json()
    const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
    const job = await (
      await fake.request(`${base}/run`, {
        method: 'POST',
        headers: { 'x-api-key': airweave.apiKey },
      })
    ).json()
    fake.clock.advance('5s')
    const summary = seen.map((e) =>
      e.type === 'job'
        ? `job ${e.from}>${e.to}@${e.at % 60_000}`
        : e.type === 'record'
          ? `record ${e.kind} ${e.change}`
          : e.type === 'request'
            ? `request ${e.entry.status} ${e.entry.state}`
            : e.type,
    )
    expect(summary).toEqual([
      'job null>pending@0',
      'record source-connection changed',
      'request 200 pending',
      'job pending>running@5000',
      'clock',
    ])
    expect(seen[0]).toMatchObject({ vendor: 'airweave', kind: 'sync-job', id: job.id })
  })
})
