import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_SCENARIOS_DIR, startFake, type RunningFake } from '../../src/index.js'
import type { Values } from '../../src/verify/plan.js'

/** Scaled 1000×: a simulated second is a real millisecond. */
export const FACTOR = 1000

// Timings with room for a cancel: every window a lifecycle waits in lasts 100+ ms of real time.
const ROOMY: Record<string, string> = {
  airweave: 'delays: { pending: 5s, running: 200s, cancelAck: 3s }\n',
  peaka: 'delays: { incremental: 200s, cancelAck: 5s }\n',
  chroma: 'delays: { pending: 300s, processing: 30s }\n',
  akua: 'delays: { step: 20s }\n',
}

/** The bundled scenarios and a `roomy` one per vendor (more in `extra`, by vendor/name). */
export function scenariosWith(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-verify-'))
  cpSync(DEFAULT_SCENARIOS_DIR, dir, { recursive: true })
  for (const [vendor, yaml] of Object.entries(ROOMY))
    writeFileSync(join(dir, vendor, 'roomy.yaml'), yaml)
  for (const [name, yaml] of Object.entries(extra)) writeFileSync(join(dir, `${name}.yaml`), yaml)
  return dir
}

/** A jobfake on a port, its clock scaled, every vendor's jobs on roomy timings. */
export const roomyFake = () =>
  startFake({
    port: 0,
    clock: `scaled:${FACTOR}`,
    scenariosDir: scenariosWith(),
    scenario: Object.keys(ROOMY).map((v) => `${v}/roomy`),
  })

/** What each plan needs, from the fake's fixtures. */
export async function valuesOf(fake: RunningFake): Promise<Record<string, Values>> {
  const f = await (await fake.request('/__admin/fixtures')).json()
  return {
    airweave: {
      apiKey: f.airweave.apiKey,
      source_connection_id: f.airweave.sourceConnectionIds[0],
    },
    peaka: {
      apiKey: f.peaka.partnerKey,
      projectId: f.peaka.projectIds[0],
      table: 'pg_sales/public/orders',
    },
    chroma: { token: f.chroma.token, source_id: f.chroma.sourceIds[0] },
    akua: { token: f.akua.token, region: f.akua.regionIds[0] },
  }
}
