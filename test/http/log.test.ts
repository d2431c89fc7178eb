import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createRequestLog, type LogMode } from '../../src/http/log.js'
import { createFake } from '../../src/index.js'

const mounts = new Map([['airweave', '/airweave']])

/** A fake whose default session is logged to a file, a good run and a bad request made. */
async function logged(mode: LogMode) {
  const file = join(mkdtempSync(join(tmpdir(), 'jobfake-log-')), 'requests.log')
  const log = createRequestLog({ mode, mounts, destination: file })!
  const fake = await createFake()
  log.listen(fake.session())
  const { airweave } = await (await fake.request('/__admin/fixtures')).json()
  const headers = { 'x-api-key': airweave.apiKey }
  const base = `/airweave/source-connections/${airweave.sourceConnectionIds[0]}`
  fake.clock.advance('2m5s')
  await fake.request(`${base}/run`, { method: 'POST', headers })
  await fake.request('/airweave/source-connections/nope/jobs', { headers })
  await log.flush()
  return { lines: readFileSync(file, 'utf8').trimEnd().split('\n'), base }
}

describe(createRequestLog, () => {
  test('json: one line per request with clock time, session, method, path, status, state, violations', async () => {
    const { lines, base } = await logged('json')
    expect(lines).toHaveLength(2)
    const [run, bad] = lines.map((line) => JSON.parse(line))
    expect(run).toMatchObject({
      level: 30,
      clock: '2026-01-01T00:02:05.000Z',
      session: 'default',
      method: 'POST',
      path: `/airweave${base.slice('/airweave'.length)}/run`,
      operation: 'sourceConnections.run',
      status: 200,
      state: 'pending',
      violations: [],
      msg: `POST /airweave${base.slice('/airweave'.length)}/run 200`,
    })
    expect(bad).toMatchObject({ level: 40, status: 422, state: null })
    expect(bad.violations).toEqual([expect.objectContaining({ in: 'path' })])
  })

  test('pretty: a readable line, and a warning with the violation for a bad request', async () => {
    const { lines, base } = await logged('pretty')
    expect(lines[0]).toBe(`INFO: 00:02:05.000 default POST ${base}/run 200 pending`)
    expect(lines[1]).toMatch(
      /^WARN: 00:02:05\.000 default GET \/airweave\/source-connections\/nope\/jobs 422 ✗ path source_connection_id /,
    )
  })

  test('off: nothing at all', () => {
    expect(createRequestLog({ mode: 'off', mounts })).toBeUndefined()
  })
})

/** Runs `jobfake serve` with args, makes one request, and returns what it printed. */
async function serveOnce(args: string[]) {
  const cli = new URL('../../dist/cli.js', import.meta.url).pathname
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--port', '0', '--clock', 'manual', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const url = await Promise.race([
    new Promise<string>((resolve) =>
      child.stdout.on('data', () => {
        const found = /listening on (http:\/\/\S+)/.exec(output)
        if (found) resolve(found[1]!)
      }),
    ),
    exited.then(() => undefined),
  ])
  if (url) {
    await fetch(`${url}/airweave/nothing`)
    child.kill('SIGTERM')
  }
  return { code: await exited, output }
}

describe('jobfake serve --log', () => {
  test('pretty by default, json on request, none with off', async () => {
    const [pretty, json, off] = await Promise.all([
      serveOnce([]),
      serveOnce(['--log', 'json']),
      serveOnce(['--log', 'off']),
    ])
    expect(pretty.output).toMatch(/^INFO: 00:00:00\.000 default GET \/airweave\/nothing 404$/m)
    const line = json.output.split('\n').find((l) => l.startsWith('{'))!
    expect(JSON.parse(line)).toMatchObject({
      method: 'GET',
      path: '/airweave/nothing',
      status: 404,
    })
    expect(off.output).not.toMatch(/\/airweave\/nothing/)
    for (const run of [pretty, json, off]) expect(run.code).toBe(0)
  })

  test('an unknown mode or a malformed --cors stops the CLI with a hint', async () => {
    const loud = await serveOnce(['--log', 'loud'])
    expect(loud.code).toBe(2)
    expect(loud.output).toMatch(/\[jobfake\] --log takes pretty, json or off \(got "loud"\)/)
    const cors = await serveOnce(['--cors', 'localhost:3000'])
    expect(cors.code).toBe(2)
    expect(cors.output).toMatch(/--cors takes "off", "on" or origins such as/)
  })
})
