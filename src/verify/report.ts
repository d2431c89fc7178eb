import { writeFileSync } from 'node:fs'
import type { Difference } from './exchange.js'
import type { StepResult, VerifyResult } from './run.js'

const xml = (text: string) =>
  text
    // Characters XML 1.0 cannot carry at all, whatever the escaping.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

const bodyText = (body: unknown) =>
  body === undefined ? '(no body)' : typeof body === 'string' ? body : JSON.stringify(body)
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text)

/**
 * A difference in four lines: the request, the answer, what was expected, what was found.
 *
 * @example
 * describeDifference(d) // 'request:  POST http://…/cancel\nanswer:   409 {…}\nexpected: 400 …'
 */
export function describeDifference(d: Difference, max = Infinity): string {
  const body = d.request.body === undefined ? '' : ` ${clip(bodyText(d.request.body), max)}`
  const answer = d.answer ? `${d.answer.status} ${clip(bodyText(d.answer.body), max)}` : '(none)'
  return [
    `request:  ${d.request.method} ${d.request.url}${body}`,
    `answer:   ${answer}`,
    `expected: ${d.expected}`,
    `found:    ${d.found}`,
  ].join('\n')
}

const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' } as const

/** One step as a console line, its differences indented below it. */
export function stepLine(step: StepResult): string {
  const head = `    ${mark[step.outcome]} ${step.name} — ${step.detail} (${step.ms} ms)`
  const more = step.differences.map((d) =>
    describeDifference(d, 300)
      .split('\n')
      .map((line) => `         ${line}`)
      .join('\n'),
  )
  return [head, ...more].join('\n')
}

/** The last line: how it went. */
export function summaryLine(result: VerifyResult): string {
  const skipped = result.lifecycles.flatMap((l) => l.steps).filter((s) => s.outcome === 'skipped')
  const tail = skipped.length > 0 ? `, ${skipped.length} step(s) skipped` : ''
  return result.differences === 0
    ? `[jobfake] verify ${result.vendor}: no difference in ${result.requests} request(s)${tail}`
    : `[jobfake] verify ${result.vendor}: ${result.differences} difference(s) in ${result.requests} request(s)${tail}`
}

/**
 * The result as JUnit XML: a suite per lifecycle, a test case per step, a failure per step that
 * found differences (each with its request, answer and expectation), skipped steps marked so.
 *
 * @example
 * writeFileSync('verify.xml', verifyJUnit(result))
 */
export function verifyJUnit(result: VerifyResult): string {
  let tests = 0
  let failures = 0
  const suites = result.lifecycles.map((lifecycle) => {
    const failed = lifecycle.steps.filter((s) => s.outcome === 'failed').length
    const skipped = lifecycle.steps.filter((s) => s.outcome === 'skipped').length
    tests += lifecycle.steps.length
    failures += failed
    const cases = lifecycle.steps.map((step) => {
      const open = `    <testcase classname="${xml(`${result.vendor}.${lifecycle.name}`)}" name="${xml(step.name)}" time="${step.ms / 1000}"`
      if (step.outcome === 'skipped')
        return `${open}><skipped message="${xml(step.detail)}"/></testcase>`
      if (step.outcome === 'passed') return `${open}/>`
      const first = step.differences[0]
      const message = first ? `expected ${first.expected}, found ${first.found}` : step.detail
      const text = step.differences.map((d) => describeDifference(d)).join('\n\n')
      return `${open}><failure message="${xml(message)}">${xml(text)}</failure></testcase>`
    })
    return `  <testsuite name="${xml(`jobfake verify ${result.vendor}: ${lifecycle.name}`)}" tests="${lifecycle.steps.length}" failures="${failed}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`jobfake verify ${result.vendor} at ${result.baseUrl}`)}" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`
}

/** Writes the result: JUnit XML when the file ends in `.xml`, else JSON. */
export function writeVerifyReport(file: string, result: VerifyResult): void {
  writeFileSync(
    file,
    file.endsWith('.xml') ? verifyJUnit(result) : `${JSON.stringify(result, null, 2)}\n`,
  )
}
