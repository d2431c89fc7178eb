/**
 * A five-field cron expression (minute hour day-of-month month day-of-week, in UTC), as vendors'
 * schedules take it (Airweave's connections, Peaka's materialized queries): each field a list of
 * `*`, `N`, `A-B`, optionally stepped (`*\/6`, `1-30/5`).
 */
export interface Cron {
  minute: boolean[]
  hour: boolean[]
  day: boolean[]
  month: boolean[]
  weekday: boolean[]
  /** Whether day of month and day of week were both restricted: then either one matches. */
  eitherDay: boolean
}

const MINUTE = 60_000

// Name, lowest and highest value of each field; a weekday of 7 is Sunday, as 0 is.
const FIELDS: Array<[string, number, number]> = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
]

const ITEM = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/

function parseField(text: string, [name, low, high]: [string, number, number]): boolean[] | string {
  const set: boolean[] = Array(high + 1).fill(false)
  for (const item of text.split(',')) {
    const match = ITEM.exec(item)
    if (!match) return `${name} "${item}" is not *, N, A-B or one of them stepped with /N`
    const [, star, from, to, step] = match
    const start = star === '*' ? low : Number(from)
    const end = star === '*' ? high : to !== undefined ? Number(to) : step ? high : start
    const by = step === undefined ? 1 : Number(step)
    if (start < low || end > high || start > end)
      return `${name} "${item}" is outside ${low}-${high}`
    if (by < 1) return `${name} "${item}" steps by 0`
    for (let n = start; n <= end; n += by) set[n] = true
  }
  return set
}

/**
 * Reads a cron expression, or says why it cannot: names (`MON`), macros (`@hourly`) and the
 * special characters `? L W #` are not supported.
 *
 * @example
 * parseCron('0 *\/6 * * *') // every six hours, on the hour
 */
export function parseCron(expression: string): Cron | string {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5)
    return `expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`
  const sets: boolean[][] = []
  for (const [n, part] of parts.entries()) {
    const set = parseField(part, FIELDS[n]!)
    if (typeof set === 'string') return set
    sets.push(set)
  }
  const [minute, hour, day, month, weekday] = sets as [
    boolean[],
    boolean[],
    boolean[],
    boolean[],
    boolean[],
  ]
  if (weekday[7]) weekday[0] = true
  return { minute, hour, day, month, weekday, eitherDay: parts[2] !== '*' && parts[4] !== '*' }
}

const dayMatches = (cron: Cron, date: Date) => {
  const day = cron.day[date.getUTCDate()]!
  const weekday = cron.weekday[date.getUTCDay()]!
  return cron.month[date.getUTCMonth() + 1]! && (cron.eitherDay ? day || weekday : day && weekday)
}

// Five years always hold a match of an expression that has one (29 February comes every four).
const HORIZON_DAYS = 5 * 366

/**
 * The first minute strictly after `after` (epoch ms) that the expression names, or null when no
 * day ever matches (`0 0 31 2 *`).
 *
 * @example
 * nextRun(parseCron('0 *\/6 * * *') as Cron, Date.UTC(2026, 0, 1, 1)) // 2026-01-01T06:00Z
 */
export function nextRun(cron: Cron, after: number): number | null {
  let from = new Date(Math.floor(after / MINUTE) * MINUTE + MINUTE)
  for (let days = 0; days < HORIZON_DAYS; days++) {
    if (dayMatches(cron, from)) {
      const [y, m, d] = [from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()]
      for (let hour = from.getUTCHours(); hour < 24; hour++) {
        if (!cron.hour[hour]) continue
        const first = hour === from.getUTCHours() ? from.getUTCMinutes() : 0
        for (let minute = first; minute < 60; minute++)
          if (cron.minute[minute]) return Date.UTC(y, m, d, hour, minute)
      }
    }
    from = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1))
  }
  return null
}

/**
 * The first minute strictly after `after` that a cron text names; null when it cannot be read
 * (a schedule checked when it was set never is) or names no day.
 *
 * @example
 * nextRunOf('0 0 * * *', Date.UTC(2026, 0, 1)) // 2026-01-02T00:00Z
 */
export function nextRunOf(expression: string, after: number): number | null {
  const cron = parseCron(expression)
  return typeof cron === 'string' ? null : nextRun(cron, after)
}
