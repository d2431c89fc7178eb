import { createActor, setup } from 'xstate'
import { describe, expect, test } from 'vitest'
import { createClock, MANUAL_EPOCH, parseClockMode } from '../../src/core/clock.js'

describe(createClock, () => {
  test('a manual clock stands still until advanced', () => {
    const clock = createClock({ mode: { kind: 'manual' } })
    expect(clock.now()).toBe(MANUAL_EPOCH)
    expect(clock.advance(90_000)).toBe(MANUAL_EPOCH + 90_000)
    expect(clock.now()).toBe(MANUAL_EPOCH + 90_000)
  })

  test('advance fires each timer at its own due time, in order, including timers set while firing', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const fired: Array<[string, number]> = []
    clock.setTimeout(() => {
      fired.push(['a', clock.now()])
      clock.setTimeout(() => fired.push(['c', clock.now()]), 10)
    }, 5)
    clock.setTimeout(() => fired.push(['b', clock.now()]), 12)
    clock.setTimeout(() => fired.push(['late', clock.now()]), 100)
    clock.advance(50)
    expect(fired).toEqual([
      ['a', 5],
      ['b', 12],
      ['c', 15],
    ])
    expect(clock.now()).toBe(50)
  })

  test('timers due at the same time fire in the order they were set', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const fired: number[] = []
    for (const n of [1, 2, 3]) clock.setTimeout(() => fired.push(n), 10)
    clock.advance(10)
    expect(fired).toEqual([1, 2, 3])
  })

  test('a cleared timer never fires', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    let fired = false
    const id = clock.setTimeout(() => (fired = true), 10)
    clock.clearTimeout(id)
    clock.advance(20)
    expect(fired).toBe(false)
  })

  test('it refuses to go back in time', () => {
    const clock = createClock({ mode: { kind: 'manual' } })
    expect(() => clock.advance(-1)).toThrow(/cannot go back in time/)
  })

  test('reset drops timers and returns to the start', () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 1000 })
    let fired = false
    clock.setTimeout(() => (fired = true), 10)
    clock.advance(5)
    clock.reset()
    expect(clock.now()).toBe(1000)
    clock.advance(100)
    expect(fired).toBe(false)
  })

  test('chained xstate delays each start on time (unlike SimulatedClock)', () => {
    const machine = setup({ delays: { pending: 5_000, running: 120_000 } }).createMachine({
      initial: 'pending',
      states: {
        pending: { after: { pending: 'running' } },
        running: { after: { running: 'completed' } },
        completed: { type: 'final' },
      },
    })
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const actor = createActor(machine, { clock }).start()
    clock.advance(3 * 60_000)
    expect(actor.getSnapshot().value).toBe('completed')
  })

  test('advance also works on a real clock, shifting its time forward', () => {
    const clock = createClock({ mode: { kind: 'real' } })
    const before = clock.now()
    let firedAt = 0
    clock.setTimeout(() => (firedAt = clock.now()), 60_000)
    clock.advance(120_000)
    expect(firedAt).toBeGreaterThanOrEqual(before + 60_000)
    expect(clock.now()).toBeGreaterThanOrEqual(before + 120_000)
    clock.dispose()
  })
})

describe(parseClockMode, () => {
  test('reads the CLI forms and rejects others with a hint', () => {
    expect(parseClockMode('manual')).toEqual({ kind: 'manual' })
    expect(parseClockMode('real')).toEqual({ kind: 'real' })
    expect(parseClockMode('scaled:60')).toEqual({ kind: 'scaled', factor: 60 })
    expect(() => parseClockMode('scaled:0')).toThrow(/scaled:<factor>/)
    expect(() => parseClockMode('fast')).toThrow(/Unknown clock "fast"/)
  })
})

describe('advanceInSlices', () => {
  test('fires what advance fires, in order, yielding between slices so other work runs meanwhile', async () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const fired: number[] = []
    for (let i = 1; i <= 200; i++) clock.setTimeout(() => fired.push(clock.now()), i * 10)
    let seenMidway: number | undefined
    setImmediate(() => (seenMidway = clock.now()))
    expect(await clock.advanceInSlices(5_000, 0)).toBe(5_000)
    expect(fired).toEqual(Array.from({ length: 200 }, (_, i) => (i + 1) * 10))
    expect(seenMidway).toBeGreaterThan(0)
    expect(seenMidway).toBeLessThan(5_000)
  })

  test('advances queue behind each other; a span past the last date is refused', async () => {
    const clock = createClock({ mode: { kind: 'manual' }, start: 0 })
    const [a, b] = await Promise.all([clock.advanceInSlices(1_000), clock.advanceInSlices(1_000)])
    expect([a, b]).toEqual([1_000, 2_000])
    expect(() => clock.advance(1e16)).toThrow(/cannot pass \+275760-09-13/)
    await expect(clock.advanceInSlices(1e16)).rejects.toThrow(/cannot pass/)
  })
})
