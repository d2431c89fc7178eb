import { describe, expect, test } from 'vitest'
import { Verdicts } from '../../src/spec/verdicts.js'
import { load, validatorsOf, JOBS_30 } from '../support/spec-fixtures.js'

// A response check given the body's text judges that text, and keeps its verdict for it.
describe('response checks by text', () => {
  const jobs = validatorsOf(load('jobs.yaml', JOBS_30))
  const headers = { etag: '"v1"', 'x-total': '1' }
  const job = { id: 'job_1', status: 'running', note: null, priority: null, 'x-trace-id': 't' }

  test('the same text gets the same verdict; a changed text is judged again', () => {
    const check = jobs('listJobs')
    const good = JSON.stringify([job])
    const bad = JSON.stringify([{ ...job, status: 'sleeping' }])
    expect(check.response(200, [job], headers, good)).toEqual([])
    expect(check.response(200, [job], headers, good)).toEqual([])
    const broken = check.response(200, JSON.parse(bad), headers, bad)
    expect(broken).toEqual([expect.objectContaining({ in: 'response', name: '0.status' })])
    expect(check.response(200, JSON.parse(bad), headers, bad)).toEqual(broken)
    expect(check.response(200, [job], headers, good)).toEqual([])
    // Headers are checked every time, whatever the body's verdict.
    expect(check.response(200, [job], {}, good).map((v) => v.name)).toContain('header etag')
  })

  test('what is judged is the text the client gets, not the object it was written from', () => {
    // A Date is an object to the check, but the client gets its ISO string: a valid note.
    const dated = { ...job, note: new Date(0) }
    const check = jobs('listJobs')
    expect(check.response(200, [dated], headers)).toEqual([
      expect.objectContaining({ name: '0.note' }),
    ])
    expect(check.response(200, [dated], headers, JSON.stringify([dated]))).toEqual([])
  })
})

describe(Verdicts, () => {
  test('keeps a bounded number of texts, oldest out first, and freezes what it hands out', () => {
    const verdicts = new Verdicts()
    const first = verdicts.set('t0', [])
    expect(Object.isFrozen(first)).toBe(true)
    for (let i = 1; i <= 64; i++) verdicts.set(`t${i}`, [])
    expect(verdicts.get('t0')).toBeUndefined()
    expect(verdicts.get('t64')).toEqual([])
    // A text too long to be worth keeping is judged every time.
    const long = 'x'.repeat(17 * 1024)
    verdicts.set(long, [])
    expect(verdicts.get(long)).toBeUndefined()
  })
})
