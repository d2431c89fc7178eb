import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadScenarios, type ScenarioSource } from '../../src/scenarios/load.js'
import { vocabulary } from '../../src/vendors/airweave/scenario.js'

const sources: ScenarioSource[] = [
  {
    vendor: 'airweave',
    vocabulary,
    operations: ['sourceConnections.run', 'sourceConnections.getJobs'],
  },
]

function load(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-scenarios-'))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return loadScenarios(dir, sources)
}

const one = (text: string) => load({ 'airweave/broken.yaml': text }).problems

describe(loadScenarios, () => {
  test('a scenario key the vendor does not honour is a load error naming file, line and key', async () => {
    const { vocabulary: chroma } = await import('../../src/vendors/chroma/scenario.js')
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-scenarios-'))
    mkdirSync(join(dir, 'chroma'))
    writeFileSync(join(dir, 'chroma', 'slow.yaml'), 'description: x\ncancel:\n  grace: 10s\n')
    const { problems } = loadScenarios(dir, [{ vendor: 'chroma', vocabulary: chroma }], {
      cache: {},
    })
    expect(problems).toEqual([
      expect.stringMatching(/chroma\/slow\.yaml:3:3: chroma does not honour cancel\.grace/),
    ])
  })

  test('reads durations in every form into milliseconds', () => {
    const { scenarios, problems } = load({
      'airweave/ok.yaml': [
        'delays: { pending: 90s, running: PT2M30S, cancelAck: 1500 }',
        'outcome: { kind: fail, message: boom }',
        'cancel: { worker: unresponsive }',
        'faults:',
        '  - { kind: latency, min: 100ms, max: 1s, operation: sourceConnections.getJobs }',
        '  - { kind: error, status: 503, nth: 2 }',
        'timeline:',
        '  - { at: 1m, event: cancel }',
      ].join('\n'),
    })
    expect(problems).toEqual([])
    const ok = scenarios.get('airweave')!.get('ok')!
    expect(ok.delays).toEqual({ pending: 90_000, running: 150_000, cancelAck: 1500 })
    expect(ok.outcome).toEqual({ kind: 'fail', at: 0.5, message: 'boom' })
    expect(ok.cancel.worker).toBe('unresponsive')
    expect(ok.faults[0]).toEqual({
      kind: 'latency',
      operation: 'sourceConnections.getJobs',
      min: 100,
      max: 1000,
    })
    expect(ok.timeline).toEqual([{ at: 60_000, event: 'cancel' }])
  })

  test.each([
    [
      'an unknown key',
      'delays: {}\nspeed: fast\n',
      /broken\.yaml:2:1: unknown key "speed" in the file/,
    ],
    [
      'an unknown delay',
      'delays:\n  pending: 5s\n  procesing: 2m\n',
      /:3:3: unknown delay "procesing"\. Use one of: pending, running, cancelAck/,
    ],
    [
      'a duration that is not one',
      'delays:\n  running: soon\n',
      /:2:12: delays\.running is not a duration: "soon"/,
    ],
    [
      'an unknown outcome',
      'outcome:\n  kind: done\n',
      /:2:9: outcome\.kind must be one of: complete, fail, stall/,
    ],
    [
      'a failure without a message',
      'outcome: { kind: fail, at: 0.5 }\n',
      /:1:10: outcome needs "message"/,
    ],
    ['a point of progress over 1', 'outcome: { kind: stall, at: 2 }\n', /outcome\.at must be <= 1/],
    [
      'an unknown counter',
      'counters: { rows: 3 }\n',
      /unknown counter "rows"\. Use one of: inserted, updated, deleted, failed/,
    ],
    [
      'an unknown fault',
      'faults:\n  - kind: explode\n',
      /:2:11: faults\.0\.kind must be one of: latency, error, rate-limit, reset/,
    ],
    [
      'a fault on an unknown operation',
      'faults:\n  - { kind: error, status: 500, operation: nope }\n',
      /:2:44: unknown operation "nope"/,
    ],
    [
      'an error status out of range',
      'faults:\n  - { kind: error, status: 200 }\n',
      /faults\.0\.status must be >= 400/,
    ],
    [
      'a latency with no value',
      'faults:\n  - { kind: latency }\n',
      /a latency fault needs "fixed", or "min" and "max"/,
    ],
    [
      'a latency range upside down',
      'faults:\n  - { kind: latency, min: 2s, max: 1s }\n',
      /latency min \(2s\) is above max \(1s\)/,
    ],
    [
      'an unknown timeline event',
      'timeline:\n  - { at: 10s, event: explode }\n',
      /:2:23: unknown event "explode"/,
    ],
    [
      'a wrong vendor option',
      'options: { pendingCancel: maybe }\n',
      /options\.pendingCancel must be one of: cancelling, cancelled/,
    ],
    ['broken YAML', 'delays: [unclosed\n', /broken\.yaml:\d+:\d+: /],
  ])('reports %s with file:line:column', (_, text, message) => {
    const problems = one(text)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^\[jobfake\] Failed to load scenario airweave\/broken\.yaml:/)
    expect(problems[0]).toMatch(message)
  })

  test('a file name that is not a scenario name is refused', () => {
    expect(load({ 'airweave/Bad Name.yaml': 'description: x\n' }).problems[0]).toMatch(
      /"Bad Name" is not a scenario name/,
    )
  })

  test('a folder that names no vendor is refused', () => {
    expect(load({ 'stripe/happy.yaml': 'description: x\n' }).problems[0]).toMatch(
      /no vendor is named "stripe"\. Use one of: airweave/,
    )
  })

  test('a missing folder simply has no scenarios', () => {
    expect(loadScenarios('/nonexistent/jobfake', sources)).toEqual({
      scenarios: new Map(),
      problems: [],
    })
  })
})
