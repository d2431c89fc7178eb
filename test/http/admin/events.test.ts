import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { eventStream } from '../../../src/http/admin/events.js'
import { createFake, startFake } from '../../../src/index.js'
import { sseReader, type SseEvent } from '../../support/sse.js'

async function setup() {
  const fake = await createFake()
  const { airweave } = await (await fake.request('/__admin/fixtures')).json()
  const headers = { 'x-api-key': airweave.apiKey as string }
  const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  const run = async () =>
    (await (await fake.request(`${base}/run`, { method: 'POST', headers })).json()).id as string
  return { fake, headers, base, run }
}

/** Events up to and including the first of `type`. */
async function until(stream: ReturnType<typeof sseReader>, type: string): Promise<SseEvent[]> {
  const seen: SseEvent[] = []
  for (let e = await stream.next(); ; e = await stream.next()) {
    seen.push(e)
    if (e.event === type) return seen
  }
}

describe(eventStream, () => {
  test('streams the session: ready, then jobs, records, requests, clock moves and resets', async () => {
    const { fake, run, base, headers } = await setup()
    const res = await fake.request('/__admin/events')
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const stream = sseReader(res)
    const ready = await stream.next()
    expect(ready).toMatchObject({ event: 'ready', data: { session: 'default', last: 0 } })
    expect(ready.id).toBeUndefined()

    const id = await run()
    const started = await until(stream, 'request')
    expect(started.map((e) => e.event)).toEqual(['job', 'record', 'request'])
    expect(started[0]!.data).toEqual({
      type: 'job',
      vendor: 'airweave',
      kind: 'sync-job',
      id,
      from: null,
      to: 'pending',
      at: '2026-01-01T00:00:00.000Z',
    })
    expect(started[2]!.data).toMatchObject({
      type: 'request',
      method: 'POST',
      status: 200,
      state: 'pending',
      violations: [],
    })
    expect(started.map((e) => Number(e.id))).toEqual([1, 2, 3])

    fake.clock.advance('5s')
    expect(await stream.take(2)).toMatchObject([
      {
        event: 'job',
        data: { id, from: 'pending', to: 'running', at: '2026-01-01T00:00:05.000Z' },
      },
      { event: 'clock', data: { now: '2026-01-01T00:00:05.000Z', by: 5000 } },
    ])

    // A request that breaks the spec comes with its violations.
    await fake.request(`${base.replace(/[^/]+$/, 'nope')}/jobs`, { headers })
    const bad = (await until(stream, 'request')).at(-1)!
    expect(bad.data.status).toBe(422)
    expect(bad.data.violations).toEqual([expect.objectContaining({ in: 'path' })])

    fake.reset()
    expect((await until(stream, 'reset')).at(-1)!.data).toEqual({
      type: 'reset',
      at: '2026-01-01T00:00:00.000Z',
    })
    await stream.close()
  })

  test('resumes after Last-Event-ID, and says resync when that is no longer kept', async () => {
    const { fake, run } = await setup()
    const first = sseReader(await fake.request('/__admin/events'))
    await first.next()
    await run()
    const before = await until(first, 'request')
    await first.close()
    fake.clock.advance('5s')
    await run().catch(() => undefined)

    const again = sseReader(
      await fake.request('/__admin/events', { headers: { 'last-event-id': before[0]!.id! } }),
    )
    expect((await again.next()).data.last).toBeGreaterThan(Number(before.at(-1)!.id))
    const missed = await again.take(4)
    expect(missed.map((e) => Number(e.id))).toEqual([2, 3, 4, 5])
    expect(missed.map((e) => e.event)).toEqual(['record', 'request', 'job', 'clock'])
    await again.close()

    // The query form, for a first connection; and an id this stream never gave out.
    const query = sseReader(await fake.request('/__admin/events?lastEventId=5'))
    await query.next()
    expect((await query.next()).id).toBe('6')
    await query.close()
    const unknown = sseReader(
      await fake.request('/__admin/events', { headers: { 'last-event-id': '999' } }),
    )
    await unknown.next()
    expect(await unknown.next()).toMatchObject({ event: 'resync' })
    await unknown.close()
  })

  test('forgets what is older than its ring: resync', async () => {
    const fake = await createFake()
    const stream = sseReader(await fake.request('/__admin/events'))
    await stream.next()
    for (let i = 0; i < 1005; i++) fake.clock.advance(1)
    await stream.close()
    const late = sseReader(
      await fake.request('/__admin/events', { headers: { 'last-event-id': '1' } }),
    )
    await late.next()
    expect((await late.next()).event).toBe('resync')
    await late.close()
  })

  test('is scoped to a session: the header, or ?session= for EventSource', async () => {
    const { fake, base, headers } = await setup()
    const mine = sseReader(await fake.request('/__admin/events?session=ci-7'))
    expect((await mine.next()).data.session).toBe('ci-7')
    await fake.request(`${base}/run`, { method: 'POST', headers })
    await fake.request(`${base}/run`, {
      method: 'POST',
      headers: { ...headers, 'x-jobfake-session': 'ci-7' },
    })
    const events = await until(mine, 'request')
    expect(events.every((e) => e.event !== 'request' || e.data.session === 'ci-7')).toBe(true)
    expect(events[0]!.id).toBe('1')
    await mine.close()
    expect((await fake.request('/__admin/events?session=a%20b')).status).toBe(400)
  })

  test('a session with an open stream is in use: it is not evicted', async () => {
    const fake = await createFake({ maxSessions: 1 })
    const watched = sseReader(await fake.request('/__admin/events?session=watched'))
    await watched.next()
    const before = fake.session('watched')
    await fake.request('/airweave/nothing', { headers: { 'x-jobfake-session': 'other' } })
    expect(fake.session('watched')).toBe(before)
    await fake.request('/airweave/nothing', { headers: { 'x-jobfake-session': 'watched' } })
    expect((await watched.next()).data).toMatchObject({ session: 'watched', status: 404 })
    await watched.close()
  })

  test('close() ends open streams at once, over a real socket too', async () => {
    const fake = await startFake({ port: 0 })
    const res = await fetch(`${fake.url()}/__admin/events`)
    const stream = sseReader(res)
    expect((await stream.next()).event).toBe('ready')
    await fake.close()
    expect(await stream.ended()).toBe(true)
  })

  test('SIGTERM ends the CLI at once while a stream is open', async () => {
    const cli = new URL('../../../dist/cli.js', import.meta.url).pathname
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--log', 'off'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const url = await new Promise<string>((resolve) =>
      child.stdout.on('data', () => {
        const found = /listening on (http:\/\/\S+)/.exec(output)
        if (found) resolve(found[1]!)
      }),
    )
    const stream = sseReader(await fetch(`${url}/__admin/events`))
    await stream.next()
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(await stream.ended()).toBe(true)
  })
})
