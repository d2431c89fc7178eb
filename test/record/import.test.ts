import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Har } from 'har-format'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { DEFAULT_SCENARIOS_DIR, startFake } from '../../src/index.js'
import { importHar } from '../../src/record/import.js'
import { startRecorder } from '../../src/record/proxy.js'
import { secretNames } from '../../src/record/redact.js'
import { loadScenarios } from '../../src/scenarios/load.js'
import { parseDuration } from '../../src/core/duration.js'
import { airweave } from '../../src/vendors/airweave/index.js'
import { plan } from '../../src/vendors/airweave/verify.js'
import { verify } from '../../src/verify/run.js'
import { projectSpec, specCheck } from '../../src/verify/spec-check.js'

const SCALE = 100
const POLL_MS = 10
/** One poll interval, in the fake's time. */
const POLL = POLL_MS * SCALE
const KNOWN = { pending: 10_000, running: 30_000, cancelAck: 5_000 }

/** A scaled jobfake running `yaml` as Airweave's scenario, polled by verify through the recorder. */
async function recordRun(yaml: string): Promise<Har> {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-roundtrip-'))
  mkdirSync(join(dir, 'airweave'))
  writeFileSync(join(dir, 'airweave', 'known.yaml'), yaml)
  const fake = await startFake({
    port: 0,
    clock: `scaled:${SCALE}`,
    vendors: [airweave],
    scenariosDir: dir,
    scenario: ['airweave/known'],
  })
  const f = await (await fake.request('/__admin/fixtures')).json()
  const spec = await projectSpec(airweave)
  const recorder = await startRecorder({
    target: fake.url('airweave'),
    secrets: secretNames(spec.operations),
  })
  try {
    const result = await verify({
      plan,
      vendor: airweave,
      baseUrl: recorder.url,
      values: {
        apiKey: f.airweave.apiKey,
        source_connection_id: f.airweave.sourceConnectionIds[0],
      },
      spec: await specCheck(airweave),
      allowWrites: true,
      pollMs: POLL_MS,
      stepTimeoutMs: 10_000,
    })
    // The recorder is transparent: verify through it passes as it does against the fake.
    expect(result.differences).toBe(0)
    return recorder.har()
  } finally {
    await recorder.close()
    await fake.close()
  }
}

const imported = async (har: Har) =>
  importHar(har, {
    vendor: airweave,
    plan,
    spec: await projectSpec(airweave),
    source: 'run.har',
    name: 'derived',
    scale: SCALE,
  })

describe(importHar, () => {
  test('a recording of jobfake itself gives back the delays it ran under, and replays the same states', async () => {
    const known = `delays: { pending: ${KNOWN.pending}ms, running: ${KNOWN.running}ms, cancelAck: ${KNOWN.cancelAck}ms }\n`
    const first = await imported(await recordRun(known))
    const { delays } = first.derived
    for (const [name, ms] of Object.entries(KNOWN)) {
      const d = delays[name]!
      // The midpoint is within one poll interval of the scenario's own delay. The bracket is that
      // interval as it was: the time between the two polls around each change, which is POLL_MS
      // plus a round trip through the recorder (tens of ms on a loaded machine); a delay spans
      // two changes, so two such intervals. The fake's own timers run on a scaled real clock and
      // fire late by however long its event loop stalls, times SCALE (a 5 ms stall on a loaded
      // machine is 500 ms of the fake's time): up to 1 s more is allowed.
      const late = 10 * POLL
      expect(Math.abs(d.ms - ms), `${name}: ${JSON.stringify(d)}`).toBeLessThanOrEqual(
        d.width + late,
      )
      expect(d.width, name).toBeLessThanOrEqual(20 * POLL)
    }
    expect(first.derived.jobs.map((j) => [j.path, j.ending])).toEqual([
      [['pending', 'running', 'cancelling', 'cancelled'], 'cancelled'],
      [['pending', 'running', 'completed'], 'completed'],
    ])
    expect(first.derived.jobs[0]!.cancelLanded!.ms).toBe(delays.cancelAck!.ms)
    expect(first.derived.outcome).toEqual({ kind: 'complete' })

    // The file says what it was derived from, and is a scenario jobfake loads.
    expect(first.text).toMatch(
      /^# airweave\/derived, derived by jobfake import-har from run\.har: \d+ request\(s\) routed/,
    )
    expect(first.text).toMatch(/^# {3}pending: [\d.]+m?s \(bracket [\d.]+m?s, [12] samples?\)$/m)
    const data = parse(first.text)
    expect(parseDuration(data.delays.running)).toBe(delays.running!.ms)
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-derived-'))
    mkdirSync(join(dir, 'airweave'))
    writeFileSync(join(dir, 'airweave', 'derived.yaml'), first.text)
    const source = { vendor: 'airweave', vocabulary: airweave.scenarios }
    expect(loadScenarios(dir, [source], { cache: {} }).problems).toEqual([])

    // Replayed under the derived scenario, the jobs go through the same states.
    const replay = await imported(await recordRun(first.text))
    expect(replay.derived.jobs.map((j) => j.path)).toEqual(first.derived.jobs.map((j) => j.path))
  })
})
