import { describe, expect, test } from 'vitest'
import { nextRun, parseCron, type Cron } from '../../src/vendor/cron.js'

const at = (iso: string) => Date.parse(iso)
const next = (expression: string, after: string) => {
  const cron = parseCron(expression)
  if (typeof cron === 'string') throw new Error(cron)
  const ms = nextRun(cron, at(after))
  return ms === null ? null : new Date(ms).toISOString()
}

describe(parseCron, () => {
  test.each([
    ['0 */6 * * *', '2026-01-01T01:00:00Z', '2026-01-01T06:00:00.000Z'],
    ['0 */6 * * *', '2026-01-01T06:00:00Z', '2026-01-01T12:00:00.000Z'],
    ['0 */6 * * *', '2026-01-01T23:59:00Z', '2026-01-02T00:00:00.000Z'],
    ['30 9 * * *', '2026-01-01T09:30:00Z', '2026-01-02T09:30:00.000Z'],
    ['15,45 8-10 * * *', '2026-01-01T10:50:00Z', '2026-01-02T08:15:00.000Z'],
    ['5/20 * * * *', '2026-01-01T00:26:00Z', '2026-01-01T00:45:00.000Z'],
    ['0 0 1 */3 *', '2026-02-10T00:00:00Z', '2026-04-01T00:00:00.000Z'],
    // 2026-01-04 is a Sunday; 7 is Sunday too.
    ['0 12 * * 0', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['0 12 * * 7', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['0 12 * * 1-5', '2026-01-02T13:00:00Z', '2026-01-05T12:00:00.000Z'],
    // Day of month and day of week both set: either one matches, as in every cron.
    ['0 0 15 * 0', '2026-01-05T00:00:00Z', '2026-01-11T00:00:00.000Z'],
    ['0 0 29 2 *', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('%s after %s is %s (UTC)', (expression, after, expected) => {
    expect(next(expression, after)).toBe(expected)
  })

  test('a moment between whole minutes runs at the next whole minute that matches', () => {
    expect(next('* * * * *', '2026-01-01T00:00:30.500Z')).toBe('2026-01-01T00:01:00.000Z')
  })

  test('an expression no day matches has no next run', () => {
    expect(next('0 0 31 2 *', '2026-01-01T00:00:00Z')).toBeNull()
  })

  test.each([
    ['0 0 * *', /expected 5 fields/],
    ['0 0 * * * *', /expected 5 fields/],
    ['@daily', /expected 5 fields/],
    ['60 * * * *', /minute "60" is outside 0-59/],
    ['0 0 0 * *', /day of month "0" is outside 1-31/],
    ['0 5-2 * * *', /hour "5-2" is outside 0-23/],
    ['*/0 * * * *', /steps by 0/],
    ['0 0 * JAN *', /month "JAN" is not/],
    ['0 0 L * *', /day of month "L" is not/],
    ['0 0 * * 1#2', /day of week "1#2" is not/],
  ])('%s is refused: %s', (expression, reason) => {
    expect(parseCron(expression)).toMatch(reason)
  })

  test('fields are read into sets of the values they name', () => {
    const cron = parseCron('0,30 */6 * * *') as Cron
    expect(cron.minute.flatMap((on, n) => (on ? [n] : []))).toEqual([0, 30])
    expect(cron.hour.flatMap((on, n) => (on ? [n] : []))).toEqual([0, 6, 12, 18])
    expect(cron.eitherDay).toBe(false)
  })
})
