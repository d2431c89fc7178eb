import { describe, expect, test } from 'vitest'
import { journalPath, PATH_LIMIT } from '../../src/core/journal.js'

describe(journalPath, () => {
  test('a path is kept as it came, however many distinct ones pass through', () => {
    // More than the paths it remembers, twice over, and each one again: every answer is its own.
    const paths = Array.from({ length: 2500 }, (_, i) => `/v1/jobs/${i.toString(36)}/status`)
    for (const round of [1, 2]) {
      for (const path of paths) expect(journalPath(path), `round ${round}`).toBe(path)
    }
  })

  test('a slice of a URL comes back equal, and a long path beyond the limit comes back cut', () => {
    const url = `http://localhost/airweave/source-connections/${'a'.repeat(40)}/jobs?limit=5`
    const path = url.slice('http://localhost/airweave'.length, url.indexOf('?'))
    expect(journalPath(path)).toBe(`/source-connections/${'a'.repeat(40)}/jobs`)
    const middling = `/${'m'.repeat(1000)}`
    expect(journalPath(middling)).toBe(middling)
    const long = `/${'x'.repeat(PATH_LIMIT + 10)}`
    expect(journalPath(long)).toBe(`${long.slice(0, PATH_LIMIT)}…`)
  })
})
