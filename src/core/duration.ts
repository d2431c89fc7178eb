import parse from 'parse-duration'

/**
 * Reads a duration the same way everywhere (admin API, CLI, scenario files): "90s", "2m30s",
 * "1.5h", ISO 8601 "PT2M30S", or a number of milliseconds. Returns undefined when it cannot.
 *
 * @example
 * parseDuration('2m30s') // 150000
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const ms = parse(value.trim())
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined
}

/** Formats milliseconds for messages: 150000 → "2m30s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`
  const parts: string[] = []
  let rest = Math.round(ms / 1000)
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`)
    rest %= size
  }
  return parts.join('')
}
