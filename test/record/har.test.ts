import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { harProblems, readHar, writeHar } from '../../src/record/har.js'

const dir = () => mkdtempSync(join(tmpdir(), 'jobfake-har-'))
const empty = { log: { version: '1.2', creator: { name: 'jobfake', version: '0' }, entries: [] } }

describe(harProblems, () => {
  test('a valid HAR has none; a broken one names where it breaks the HAR 1.2 schema', () => {
    expect(harProblems(empty)).toEqual([])
    const broken = { log: { ...empty.log, entries: [{ startedDateTime: 'yesterday', time: 1 }] } }
    const problems = harProblems(broken)
    expect(problems).toContainEqual(
      expect.stringMatching(/^\/log\/entries\/0 must have required property 'request'/),
    )
    expect(problems).toContainEqual(
      expect.stringMatching(/^\/log\/entries\/0\/startedDateTime must/),
    )
  })
})

describe(readHar, () => {
  test('reads what writeHar wrote; refuses to write or read an invalid HAR, in one line', () => {
    const file = join(dir(), 'ok.har')
    writeHar(file, empty)
    expect(readHar(file)).toEqual(empty)
    expect(() => writeHar(file, { log: {} } as never)).toThrow(
      /Refusing to write an invalid HAR file/,
    )
    const bad = join(dir(), 'bad.har')
    writeFileSync(bad, JSON.stringify({ log: { version: '1.2', entries: [] } }))
    expect(() => readHar(bad)).toThrow(
      /bad\.har is not a valid HAR 1\.2 file: \/log must have required property 'creator'/,
    )
    writeFileSync(bad, '{not json')
    expect(() => readHar(bad)).toThrow(/Cannot read .*bad\.har as a HAR file/)
  })
})
