import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { toJUnit, writeReport } from '../../src/cli/report.js'
import { createFake } from '../../src/index.js'

async function exercised() {
  const fake = await createFake()
  const { airweave } = await (await fake.request('/__admin/fixtures')).json()
  const headers = { 'x-api-key': airweave.apiKey }
  await fake.request(`/airweave/source-connections/${airweave.sourceConnectionIds[0]}/run`, {
    method: 'POST',
    headers,
  })
  await fake.request('/airweave/source-connections/<bad>/jobs?limit=0', { headers })
  return fake.report()
}

describe(toJUnit, () => {
  test('a suite per vendor: exercised statuses pass, the rest are skipped, violations fail', async () => {
    const xml = toJUnit(await exercised())
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
    expect(xml).toMatch(
      /<testsuite name="jobfake contract: airweave" tests="\d+" failures="1" skipped="\d+">/,
    )
    expect(xml).toMatch(
      /<testcase classname="airweave" name="sourceConnections.run answers 200"\/>/,
    )
    expect(xml).toMatch(
      /name="sourceConnections.run answers 404"><skipped message="not exercised"\/>/,
    )
    expect(xml).toMatch(
      /<failure message="sourceConnections.getJobs broke the spec">path source_connection_id must be a valid uuid\nquery limit must be &gt;= 1<\/failure>/,
    )
    expect(xml).toMatch(/GET \/source-connections\/%3Cbad%3E\/jobs → 422/)
  })
})

describe(writeReport, () => {
  test('writes XML for .xml and JSON otherwise', async () => {
    const report = await exercised()
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-report-'))
    writeReport(join(dir, 'r.xml'), report)
    writeReport(join(dir, 'r.json'), report)
    expect(readFileSync(join(dir, 'r.xml'), 'utf8')).toMatch(/<testsuites/)
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).summary.violations).toBe(1)
  })
})
