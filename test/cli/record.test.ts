import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFake, type RunningFake } from '../../src/index.js'
import { readHar } from '../../src/record/har.js'
import { CLI, cli } from './cli.case.js'

let fake: RunningFake
beforeAll(async () => void (fake = await startFake({ port: 0, clock: 'manual' })), 120_000)
afterAll(() => fake.close())

describe('jobfake record', () => {
  test('proxies to the target, writes the HAR as it goes, redacted, and stops cleanly on SIGINT', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'jobfake-record-')), 'run.har')
    const args = [
      'record',
      '--vendor',
      'chroma',
      '--target',
      fake.url('chroma'),
      '--port',
      '0',
      '--out',
      out,
    ]
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const found = /send requests to (http:\/\/\S+)/.exec(output)
        if (found) resolve(found[1]!)
      })
      void exited.then(() => reject(new Error(output)))
    })
    const f = await (await fake.request('/__admin/fixtures')).json()
    const answer = await fetch(`${url}/api/v1/invocations?database_name=docs-prod`, {
      headers: { 'x-chroma-token': f.chroma.token },
    })
    expect(answer.status).toBe(200)
    expect(await answer.json()).toEqual([])
    // The file is rewritten after every request: it is there before the recorder stops.
    expect(readHar(out).log.entries).toHaveLength(1)
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(output).toMatch(/SIGINT: 1 request\(s\) written to/)
    const { log } = readHar(out)
    expect(log.comment).toBe(`jobfake record --vendor chroma --target ${fake.url('chroma')}`)
    expect(log.entries[0]!.request.url).toBe(
      `${fake.url('chroma')}/api/v1/invocations?database_name=docs-prod`,
    )
    expect(log.entries[0]!.request.headers).toContainEqual({
      name: 'x-chroma-token',
      value: 'REDACTED',
    })
  })

  test('usage mistakes are one line and exit 2', async () => {
    const run = await cli('record', '--vendor', 'airweave', '--target', 'nowhere')
    expect(run.code).toBe(2)
    expect(run.err.trim()).toBe(
      '[jobfake] record needs --target, an http(s) URL (got "nowhere"). See jobfake record --help.',
    )
    expect((await cli('record', '--help')).out).toMatch(
      /--keep-secrets +record credentials as sent/,
    )
  })
})
