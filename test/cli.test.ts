import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

// The CLI is tested as users run it: the built dist/cli.js (npm test builds first).
const CLI = new URL('../dist/cli.js', import.meta.url).pathname
const ROOT = new URL('..', import.meta.url).pathname

function serve(args: string[]) {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const found = /listening on (http:\/\/\S+)/.exec(output)
      if (found) resolve(found[1]!)
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, url, exited, output: () => output }
}

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' })

describe('jobfake serve', () => {
  test('port 0 picks a free port and prints the URL; SIGTERM shuts down cleanly and writes the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-cli-'))
    const report = join(dir, 'contract.xml')
    const server = serve(['--clock', 'manual', '--seed', '7', '--report', report])
    const base = await server.url
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await (await fetch(`${base}/__admin/health`)).json()).toEqual({ status: 'ok' })
    const fixtures = await (await fetch(`${base}/__admin/fixtures`)).json()
    const sc = fixtures.airweave.sourceConnectionIds[0]
    const res = await fetch(`${base}/airweave/source-connections/${sc}/run`, {
      method: 'POST',
      headers: { 'x-api-key': fixtures.airweave.apiKey },
    })
    expect(res.status).toBe(200)
    expect((await fetch(`${base}/__admin/clock`).then((r) => r.json())).mode).toBe('manual')
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(server.output()).toMatch(/SIGTERM: shutting down/)
    const xml = readFileSync(report, 'utf8')
    expect(xml).toMatch(/<testsuite name="jobfake contract: airweave"/)
    expect(xml).toMatch(/name="sourceConnections.run answers 200"\/>/)
  })

  test('SIGINT also shuts down cleanly; a JSON report is written as JSON', async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'jobfake-cli-')), 'contract.json')
    const server = serve(['--report', report])
    await fetch(`${await server.url}/airweave/nothing`)
    server.child.kill('SIGINT')
    expect(await server.exited).toBe(0)
    expect(JSON.parse(readFileSync(report, 'utf8')).summary).toMatchObject({ violations: 0 })
  })

  test('an unknown default scenario stops start-up with a clear error', () => {
    const result = run('serve', '--port', '0', '--scenario', 'airweave/nope')
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /--scenario airweave\/nope: Unknown scenario "nope" for airweave\. Use one of: /,
    )
  })

  test('bad flags are refused with the usage', () => {
    for (const args of [['serve', '--port', 'abc'], ['serve', '--clock', 'fast'], ['frobnicate']]) {
      const result = run(...args)
      expect(result.status).not.toBe(0)
      expect(result.stderr).toMatch(/\[jobfake\]/)
    }
    expect(run('--help').stdout).toMatch(/jobfake serve/)
  })
})

describe('jobfake validate', () => {
  test('exits 0 when every spec and scenario is valid', () => {
    const result = run('validate')
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/ok {3}airweave\.yaml \(OpenAPI 3\.1/)
    expect(result.stdout).toMatch(/ok {3}scenario airweave\/worker-unresponsive/)
  })

  test('exits 1 and names the file and pointer of an invalid spec, and file:line of a bad scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-validate-'))
    cpSync(join(ROOT, 'specs'), join(dir, 'specs'), { recursive: true })
    cpSync(join(ROOT, 'scenarios'), join(dir, 'scenarios'), { recursive: true })
    const spec = join(dir, 'specs', 'airweave.yaml')
    writeFileSync(
      spec,
      readFileSync(spec, 'utf8').replace(
        "$ref: '#/components/schemas/SourceConnection'",
        "$ref: '#/components/schemas/Nope'",
      ),
    )
    writeFileSync(join(dir, 'scenarios', 'airweave', 'broken.yaml'), 'outcome:\n  kind: done\n')
    const result = run(
      'validate',
      '--specs',
      join(dir, 'specs'),
      '--scenarios',
      join(dir, 'scenarios'),
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(
      /airweave\.yaml at \/paths\/~1source-connections[^ ]*\/responses\/200\/content\/application~1json\/schema\/\$ref: \$ref points nowhere/,
    )
    expect(result.stderr).toMatch(
      /scenario airweave\/broken\.yaml:2:9: outcome\.kind must be one of: complete, fail, stall/,
    )
    expect(existsSync(spec)).toBe(true)
  })
})

describe('a CLI that helps', () => {
  test('--version, --help for each command, and one-line errors for a bad port, a port in use and a missing folder', async () => {
    expect(run('--version').stdout).toMatch(/^jobfake \d+\.\d+\.\d+/)
    expect(run('serve', '--help').stdout).toMatch(/--state-file PATH/)
    expect(run('validate', '--help').stdout).toMatch(/--lenient/)
    const badPort = run('serve', '--port', '70000')
    expect(badPort.status).toBe(2)
    expect(badPort.stderr.trim()).toBe(
      '[jobfake] --port takes 0 to 65535 (got "70000"). See jobfake --help.',
    )
    const first = serve(['--clock', 'manual', '--log', 'off'])
    const port = new URL(await first.url).port
    const taken = run('serve', '--port', port, '--log', 'off')
    expect(taken.status).toBe(1)
    expect(taken.stderr.trim()).toMatch(
      /^\[jobfake\] The port is in use: 127\.0\.0\.1:\d+\. Pick another with --port/,
    )
    first.child.kill('SIGTERM')
    await first.exited
    const missing = run('serve', '--port', '0', '--scenarios', '/no/such/folder')
    expect(missing.stderr.trim()).toBe(
      '[jobfake] The scenarios folder /no/such/folder does not exist.',
    )
  })

  test('--state-file and --clock-start: a restarted server has its sessions, where its clock stood', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'jobfake-cli-')), 'state.jsonl')
    const args = [
      '--clock',
      'manual',
      '--clock-start',
      '2030-05-01T00:00:00Z',
      '--state-file',
      file,
      '--log',
      'off',
    ]
    const first = serve(args)
    const base = await first.url
    const headers = { 'x-jobfake-session': 'kept' }
    await fetch(`${base}/__admin/clock/advance`, { method: 'POST', headers, body: '{"by":"90s"}' })
    first.child.kill('SIGKILL')
    await first.exited
    const second = serve(args)
    const clock = await (await fetch(`${await second.url}/__admin/clock`, { headers })).json()
    expect(clock).toEqual({ mode: 'manual', now: '2030-05-01T00:01:30.000Z' })
    second.child.kill('SIGTERM')
    await second.exited
  })
})
