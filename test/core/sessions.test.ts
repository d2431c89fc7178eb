import { afterEach, describe, expect, test, vi } from 'vitest'
import { createSessions } from '../../src/core/sessions.js'
import { createCatalog } from '../../src/scenarios/catalog.js'
import { vendors } from '../../src/vendors/index.js'

const catalog = createCatalog(
  { scenarios: new Map(), problems: [] },
  vendors.map((v) => v.name),
)
const options = { vendors, catalog, clock: { kind: 'manual' as const }, seed: 1, journalSize: 100 }
const names = (sessions: ReturnType<typeof createSessions>) => sessions.all().map((s) => s.name)

describe(createSessions, () => {
  afterEach(() => void vi.useRealTimers())

  test('past maxSessions, the least recently used idle session is evicted and disposed', () => {
    const sessions = createSessions({ ...options, maxSessions: 3 })
    const a = sessions.get('a')
    sessions.get('b')
    sessions.get('c')
    sessions.get('a')
    a.clock.advance(1000)
    sessions.get('d')
    expect(names(sessions)).toEqual(['c', 'a', 'd'])
    expect(sessions.get('a')).toBe(a)
    expect(names(sessions)).toEqual(['c', 'd', 'a'])
    // The least recently used session is busy (a request in flight): the next idle one goes.
    sessions.all()[0]!.busy++
    sessions.get('e')
    expect(names(sessions)).toEqual(['c', 'a', 'e'])
    expect(sessions.get('b').clock.now()).toBe(Date.parse('2026-01-01T00:00:00Z'))
  })

  test('with idleMs, sessions nobody used for that long are freed', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'performance'] })
    const sessions = createSessions({ ...options, idleMs: 10_000 })
    sessions.get('old')
    vi.advanceTimersByTime(6_000)
    sessions.get('recent')
    vi.advanceTimersByTime(5_000)
    expect(names(sessions)).toEqual(['recent'])
    vi.advanceTimersByTime(10_000)
    expect(names(sessions)).toEqual([])
    sessions.dispose()
  })

  test('refuses a maxSessions that is not a whole number ≥ 1', () => {
    expect(() => createSessions({ ...options, maxSessions: 0 })).toThrow(/whole number ≥ 1/)
  })
})
