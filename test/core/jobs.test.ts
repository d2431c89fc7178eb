import { assign, setup } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock } from '../../src/core/clock.js'
import { createJobTable } from '../../src/core/jobs.js'
import { waitForJob } from '../../src/core/wait.js'

const machine = setup({
  types: { context: {} as { n: number }, events: {} as { type: 'stop' } | { type: 'bump' } },
  delays: { work: 1000 },
}).createMachine({
  context: { n: 0 },
  initial: 'working',
  states: {
    working: {
      after: { work: 'done' },
      on: { stop: 'stopped', bump: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
    },
    done: { type: 'final' },
    stopped: { type: 'final' },
  },
})

describe(createJobTable, () => {
  const table = () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    return { clock, jobs: createJobTable({ kind: 'test', machine, clock }) }
  }

  test('records each transition with its clock time and stops the actor at a final state', () => {
    const { clock, jobs } = table()
    const job = jobs.start('a', undefined)
    expect(jobs.states).toEqual(['working', 'done', 'stopped'])
    clock.advance(5000)
    expect(job).toMatchObject({ state: 'done', done: true })
    expect(job.history).toEqual([
      { state: 'working', at: 0 },
      { state: 'done', at: 1000 },
    ])
    expect(jobs.can('a', { type: 'stop' })).toBe(false)
    expect(jobs.send('a', { type: 'stop' })).toBe(false)
  })

  test('send answers whether the job took the event; each change bumps the revision', () => {
    const { jobs } = table()
    const job = jobs.start('a', undefined)
    expect(job.revision).toBe(1)
    expect(jobs.send('a', { type: 'bump' })).toBe(true)
    expect(job).toMatchObject({ revision: 2, context: { n: 1 }, state: 'working' })
    expect(job.history).toHaveLength(1)
    expect(jobs.send('a', { type: 'stop' })).toBe(true)
    expect(job.state).toBe('stopped')
    expect(jobs.send('missing', { type: 'stop' })).toBe(false)
  })

  test('timeline events reach the job at their offsets', () => {
    const { clock, jobs } = table()
    const job = jobs.start('a', undefined, [{ at: 500, event: 'stop' }])
    clock.advance(499)
    expect(job.state).toBe('working')
    clock.advance(1)
    expect(job.history.at(-1)).toEqual({ state: 'stopped', at: 500 })
  })

  test('removing a job removes its timers, timeline included', () => {
    const { clock, jobs } = table()
    jobs.start('a', undefined, [{ at: 500, event: 'stop' }])
    expect(clock.snapshot().timers.map((t) => t.task.key)).toEqual([
      'timeline:0',
      'xstate.after.work.(machine).working',
    ])
    jobs.remove('a')
    expect(clock.snapshot().timers).toEqual([])
  })

  test('accepts lists the events a job takes now, none once it is done', () => {
    const { clock, jobs } = table()
    jobs.start('a', undefined)
    expect(jobs.accepts('a')).toEqual(['bump', 'stop'])
    clock.advance(1000)
    expect(jobs.accepts('a')).toEqual([])
    expect(jobs.accepts('nobody')).toEqual([])
  })

  test('a snapshot read back into another table and clock goes on exactly as the original', () => {
    const a = table()
    a.jobs.start('x', undefined)
    a.jobs.send('x', { type: 'bump' })
    a.clock.advance(400)
    const b = table()
    b.jobs.restore(JSON.parse(JSON.stringify(a.jobs.snapshot())))
    b.clock.restore(JSON.parse(JSON.stringify(a.clock.snapshot())))
    expect(b.jobs.get('x')).toEqual(a.jobs.get('x'))
    a.clock.advance(600)
    b.clock.advance(600)
    expect(b.jobs.get('x')).toEqual(a.jobs.get('x'))
    expect(b.jobs.get('x')).toMatchObject({
      state: 'done',
      context: { n: 1 },
      history: [
        { state: 'working', at: 0 },
        { state: 'done', at: 1000 },
      ],
    })
  })

  test('watch hears every change; remove forgets the job', () => {
    const { jobs } = table()
    const seen: string[] = []
    const unwatch = jobs.watch((job) => seen.push(`${job.id}:${job.state}`))
    jobs.start('a', undefined)
    jobs.send('a', { type: 'stop' })
    unwatch()
    expect(seen).toEqual(['a:stopped'])
    expect(jobs.remove('a')).toBe(true)
    expect(jobs.get('a')).toBeUndefined()
    expect(jobs.size()).toBe(0)
  })
})

describe(waitForJob, () => {
  test('resolves when the job is done, or when the session clock passes the timeout', async () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const jobs = createJobTable({ kind: 'test', machine, clock })
    jobs.start('a', undefined)
    jobs.start('b', undefined)
    const done = waitForJob(jobs, 'a', (job) => job.done, clock, 60_000)
    const timedOut = waitForJob(jobs, 'b', (job) => job.state === 'stopped', clock, 500)
    let settled = false
    void done.then(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    clock.advance(500)
    expect((await timedOut)?.state).toBe('working')
    clock.advance(500)
    expect((await done)?.state).toBe('done')
    expect(await waitForJob(jobs, 'a', (job) => job.done, clock, 1)).toMatchObject({ id: 'a' })
    expect(await waitForJob(jobs, 'zzz', () => true, clock, 1)).toBeUndefined()
  })

  test('stops waiting when the client goes away', async () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const jobs = createJobTable({ kind: 'test', machine, clock })
    jobs.start('a', undefined)
    const gone = new AbortController()
    const waiting = waitForJob(jobs, 'a', (job) => job.done, clock, 60_000, gone.signal)
    gone.abort()
    expect((await waiting)?.state).toBe('working')
  })
})
