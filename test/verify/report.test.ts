import { describe, expect, test } from 'vitest'
import { airweave } from '../../src/vendors/airweave/index.js'
import { plan } from '../../src/vendors/airweave/verify.js'
import { stepLine, summaryLine, verifyJUnit } from '../../src/verify/report.js'
import { verify, type VerifyResult } from '../../src/verify/run.js'
import { specCheck } from '../../src/verify/spec-check.js'
import { deviantAirweave, type Deviations } from './deviant.case.js'

async function against(deviations: Deviations): Promise<VerifyResult> {
  const service = await deviantAirweave(deviations)
  try {
    return await verify({
      ...{ plan, vendor: airweave, baseUrl: service.url, values: service.values },
      spec: await specCheck(airweave),
      allowWrites: true,
      pollMs: 1,
      stepTimeoutMs: 5000,
    })
  } finally {
    await service.close()
  }
}

const all = (result: VerifyResult) =>
  result.lifecycles.flatMap((l) => l.steps.flatMap((s) => s.differences))
const text = (result: VerifyResult) =>
  result.lifecycles.flatMap((l) => l.steps.map(stepLine)).join('\n')

describe('verify against a service that deviates on purpose', () => {
  test('the look-alike itself passes: the deviations below are all there is', async () => {
    const result = await against({})
    expect(all(result)).toEqual([])
    expect(summaryLine(result)).toMatch(
      /^\[jobfake\] verify airweave: no difference in \d+ request/,
    )
  })

  test('a wrong status on the second cancel: the request, the answer and the expectation', async () => {
    const result = await against({ secondCancel: 409 })
    expect(all(result)).toEqual([
      expect.objectContaining({
        lifecycle: 'cancel',
        step: expect.stringMatching(/^cancel \(refused\): POST /),
        request: expect.objectContaining({
          method: 'POST',
          url: expect.stringMatching(/\/source-connections\/[^/]+\/jobs\/[^/]+\/cancel$/),
          headers: expect.objectContaining({ 'x-api-key': 'REDACTED' }),
        }),
        answer: expect.objectContaining({ status: 409 }),
        expected: '400 (the cancel refused)',
        found: 'status 409',
      }),
    ])
    expect(text(result)).toMatch(
      /FAIL cancel \(refused\).*\n\s+request: {2}POST http:\/\/127\.0\.0\.1:\d+\/source-connections\/.*\/cancel\n\s+answer: {3}409 \{"detail":"Cannot cancel job in cancelled state"\}\n\s+expected: 400 \(the cancel refused\)\n\s+found: {4}status 409/,
    )
    const xml = verifyJUnit(result)
    expect(xml).toMatch(
      /<testsuite name="jobfake verify airweave: cancel" tests="5" failures="1" skipped="0">/,
    )
    expect(xml).toMatch(
      /<failure message="expected 400 \(the cancel refused\), found status 409">request: {2}POST http/,
    )
    expect(summaryLine(result)).toMatch(/1 difference\(s\)/)
  })

  test('a missing field: every answer that lacks it, once a step, named by the spec', async () => {
    const result = await against({ dropField: 'source_connection_id' })
    const found = all(result)
    expect(found.length).toBeGreaterThan(0)
    for (const d of found) {
      expect(d.found).toMatch(/breaks .*airweave\.yaml: .*source_connection_id is required/)
      expect(d.expected).toMatch(/as the spec declares$/)
      expect(JSON.stringify(d.answer?.body)).not.toContain('source_connection_id')
    }
    // One report per step, not one per poll.
    expect(new Set(found.map((d) => `${d.lifecycle} ${d.step}`)).size).toBe(found.length)
  })

  test('a cancel that skips cancelling: the machine says running → cancelling', async () => {
    const result = await against({ skipCancelling: true })
    expect(all(result)).toEqual([
      expect.objectContaining({
        lifecycle: 'cancel',
        step: expect.stringMatching(/^cancel \(accepted\)/),
        answer: expect.objectContaining({
          status: 200,
          body: expect.objectContaining({ status: 'cancelled' }),
        }),
        expected: 'what the machine does on a cancel',
        found: 'the machine takes cancel from running to cancelling, not to cancelled',
      }),
    ])
  })
})
