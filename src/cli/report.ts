import { writeFileSync } from 'node:fs'
import type { CoverageReport } from '../core/coverage.js'

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/**
 * The contract report as JUnit XML: a suite per vendor, a test case per operation × declared
 * status (skipped when never exercised), and a failing case per request that broke the spec.
 *
 * @example
 * writeFileSync('jobfake.xml', toJUnit(report))
 */
export function toJUnit(report: CoverageReport): string {
  const suites: string[] = []
  let tests = 0
  let failures = 0
  for (const [vendor, coverage] of Object.entries(report.vendors)) {
    const cases: string[] = []
    let skipped = 0
    for (const [operation, op] of Object.entries(coverage.operations)) {
      for (const [status, count] of Object.entries(op.statuses)) {
        const name = `${operation} answers ${status}`
        if (count > 0)
          cases.push(`    <testcase classname="${escape(vendor)}" name="${escape(name)}"/>`)
        else {
          skipped++
          cases.push(
            `    <testcase classname="${escape(vendor)}" name="${escape(name)}"><skipped message="not exercised"/></testcase>`,
          )
        }
      }
    }
    const broken = report.violations.filter((entry) => entry.vendor === vendor)
    for (const entry of broken) {
      const detail = entry.violations
        .map((v) => `${v.in} ${v.name} ${v.message}`.replace(/\s+/g, ' ').trim())
        .join('\n')
      const name = `${entry.method} ${entry.path} → ${entry.status} (session ${entry.session}, #${entry.seq})`
      cases.push(
        `    <testcase classname="${escape(vendor)}.violations" name="${escape(name)}"><failure message="${escape(`${entry.operation} broke the spec`)}">${escape(detail)}</failure></testcase>`,
      )
    }
    tests += cases.length
    failures += broken.length
    suites.push(
      `  <testsuite name="jobfake contract: ${escape(vendor)}" tests="${cases.length}" failures="${broken.length}" skipped="${skipped}">\n${cases.join('\n')}\n  </testsuite>`,
    )
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="jobfake contract" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`
}

/** Writes the report: JUnit XML when the file ends in `.xml`, else JSON. */
export function writeReport(file: string, report: CoverageReport): void {
  writeFileSync(
    file,
    file.endsWith('.xml') ? toJUnit(report) : `${JSON.stringify(report, null, 2)}\n`,
  )
}
