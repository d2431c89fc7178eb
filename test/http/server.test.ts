import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { startFake } from '../../src/index.js'

describe(startFake, () => {
  test('listens on a free port, gives vendor URLs, and closes', async () => {
    const fake = await startFake({ port: 0 })
    expect(fake.url()).toBe(`http://127.0.0.1:${fake.port}`)
    expect(fake.url('airweave')).toBe(`http://127.0.0.1:${fake.port}/airweave`)
    expect(() => fake.url('stripe')).toThrow(/Unknown vendor "stripe"/)
    const res = await fetch(`${fake.url()}/__admin/health`)
    expect(await res.json()).toEqual({ status: 'ok' })
    await fake.close()
    await expect(fetch(`${fake.url()}/__admin/health`)).rejects.toThrow()
  })

  test('a reset fault drops the real socket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-reset-'))
    mkdirSync(join(dir, 'airweave'))
    writeFileSync(join(dir, 'airweave', 'flaky.yaml'), 'faults:\n  - { kind: reset, nth: 1 }\n')
    const fake = await startFake({ port: 0, scenariosDir: dir, scenario: ['airweave/flaky'] })
    const { airweave } = await (await fetch(`${fake.url()}/__admin/fixtures`)).json()
    const url = `${fake.url('airweave')}/source-connections/${airweave.sourceConnectionIds[0]}/jobs`
    const init = { headers: { 'x-api-key': airweave.apiKey } }
    await expect(fetch(url, init)).rejects.toThrow(/fetch failed/)
    expect((await fetch(url, init)).status).toBe(200)
    await fake.close()
  })
})
