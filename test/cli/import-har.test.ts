import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { startFake } from '../../src/index.js'
import { writeHar } from '../../src/record/har.js'
import { startRecorder } from '../../src/record/proxy.js'
import { cli } from './cli.case.js'

// A short recording of one Airweave job, its clock moved by hand between polls.
async function recording(file: string) {
  const fake = await startFake({ port: 0, clock: 'manual' })
  const recorder = await startRecorder({
    target: fake.url('airweave'),
    secrets: { headers: new Set(), query: new Set() },
  })
  try {
    const f = await (await fake.request('/__admin/fixtures')).json()
    const headers = { 'x-api-key': f.airweave.apiKey }
    const base = `${recorder.url}/source-connections/${f.airweave.sourceConnectionIds[0]}`
    const job = await (await fetch(`${base}/run`, { method: 'POST', headers })).json()
    for (const by of ['30s', '5m']) {
      fake.clock.advance(by)
      await fetch(`${base}/jobs`, { headers })
    }
    await fetch(`${base}/jobs/${job.id}/cancel`, { method: 'POST', headers })
    writeHar(file, recorder.har())
  } finally {
    await recorder.close()
    await fake.close()
  }
}

describe('jobfake import-har', () => {
  test('writes a scenario that jobfake validate accepts, saying what it was derived from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-import-'))
    const har = join(dir, 'run.har')
    await recording(har)
    mkdirSync(join(dir, 'scenarios', 'airweave'), { recursive: true })
    const out = join(dir, 'scenarios', 'airweave', 'recorded.yaml')
    const run = await cli(
      'import-har',
      har,
      '--vendor',
      'airweave',
      '--name',
      'recorded',
      '--out',
      out,
    )
    expect(run.code).toBe(0)
    expect(run.err).toMatch(
      /scenario airweave\/recorded from .*run\.har: 4 request\(s\), 1 job\(s\), delays pending, running, outcome complete, 0 fault\(s\); written to/,
    )
    const text = readFileSync(out, 'utf8')
    expect(text).toMatch(
      /^# airweave\/recorded, derived by jobfake import-har from run\.har: 4 request\(s\) routed/,
    )
    expect(text).toMatch(/^# {3}[0-9a-f-]{36}: pending → running → completed, completed$/m)
    const validate = await cli('validate', '--scenarios', join(dir, 'scenarios'))
    expect(validate.out).toContain('ok   scenario airweave/recorded')
    expect(validate.code).toBe(0)
  }, 60_000)

  test('a file that is not HAR, or a missing vendor, is one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-import-'))
    writeFileSync(join(dir, 'x.har'), '{"log": {"entries": []}}')
    const bad = await cli('import-har', join(dir, 'x.har'), '--vendor', 'airweave')
    expect(bad.code).toBe(1)
    expect(bad.err.trim()).toMatch(
      /^\[jobfake\] .*x\.har is not a valid HAR 1\.2 file: \/log must have required property 'version'/,
    )
    const vendor = await cli('import-har', join(dir, 'x.har'))
    expect(vendor.code).toBe(2)
    expect(vendor.err).toMatch(/import-har needs --vendor: one of airweave, akua, chroma, peaka/)
  })
})
