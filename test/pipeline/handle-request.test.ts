import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DEFAULT_SCENARIOS_DIR, createFake } from '../../src/index.js'
import { handleRequest } from '../../src/pipeline/handle-request.js'
import { conformingFake } from '../support/conformance.js'

/** A scenarios folder with the bundled ones plus `extra` files for this test. */
function scenariosWith(extra: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'jobfake-faults-'))
  cpSync(DEFAULT_SCENARIOS_DIR, dir, { recursive: true })
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, '..'), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

async function setup(options = {}) {
  const { fake, call, fixtures } = await conformingFake(options)
  const key = { 'x-api-key': fixtures.airweave.apiKey as string }
  const base = `/airweave/source-connections/${fixtures.airweave.sourceConnectionIds[0]}`
  return { fake, call, key, base }
}

describe(handleRequest, () => {
  describe('scenario selection', () => {
    test('the request header picks the scenario of the job it creates', async () => {
      const { call, key, base } = await setup()
      const { body } = await call('POST', `${base}/run`, {
        headers: { ...key, 'x-jobfake-scenario': 'pending-cancels-immediately' },
      })
      expect(
        (await call('POST', `${base}/jobs/${body.id}/cancel`, { headers: key })).body.status,
      ).toBe('cancelled')
    })

    test('the session choice applies to its jobs, and reset returns to the default', async () => {
      const { call, key, base } = await setup()
      const put = await call('PUT', '/__admin/scenarios/airweave', {
        body: { name: 'pending-cancels-immediately' },
      })
      expect(put).toMatchObject({
        status: 200,
        body: { vendor: 'airweave', active: 'pending-cancels-immediately' },
      })
      const first = (await call('POST', `${base}/run`, { headers: key })).body
      expect(
        (await call('POST', `${base}/jobs/${first.id}/cancel`, { headers: key })).body.status,
      ).toBe('cancelled')
      await call('POST', '/__admin/reset')
      expect((await call('GET', '/__admin/scenarios')).body.airweave.active).toBe('happy')
    })

    test('the default comes from the --scenario option', async () => {
      const { call } = await setup({ scenario: ['airweave/slow-cancel'] })
      const { body } = await call('GET', '/__admin/scenarios')
      expect(body.airweave.active).toBe('slow-cancel')
      expect(body.airweave.available.map((s: { name: string }) => s.name)).toContain(
        'worker-unresponsive',
      )
    })

    test('an unknown name is a clear 400 from the admin API and a vendor-shaped error on a request', async () => {
      const { call, key, base } = await setup()
      const admin = await call('PUT', '/__admin/scenarios/airweave', { body: { name: 'nope' } })
      expect(admin.status).toBe(400)
      expect(admin.body.message).toMatch(
        /Unknown scenario "nope" for airweave\. Use one of: .*happy/,
      )
      const header = await call('POST', `${base}/run`, {
        headers: { ...key, 'x-jobfake-scenario': '../../etc/passwd' },
      })
      expect(header.status).toBe(422)
      expect(header.body.errors[0]['header.x-jobfake-scenario']).toMatch(/Unknown scenario/)
    })

    test('an unknown default is a clear start-up error', async () => {
      await expect(createFake({ scenario: ['airweave/nope'] })).rejects.toThrow(
        /--scenario airweave\/nope: Unknown scenario "nope"/,
      )
      await expect(createFake({ scenario: ['happy'] })).rejects.toThrow(
        /write it as <vendor>\/<name>/,
      )
    })

    test('an invalid scenario file is a start-up error naming file:line:column', async () => {
      const dir = scenariosWith({ 'airweave/bad.yaml': 'delays:\n  later: 5s\n' })
      await expect(createFake({ scenariosDir: dir })).rejects.toThrow(
        /airweave\/bad\.yaml:2:3: unknown delay "later"/,
      )
    })
  })

  describe('faults', () => {
    test('an error on the Nth call of an operation, in the vendor shape, before anything changes', async () => {
      const dir = scenariosWith({
        'airweave/third-run-fails.yaml':
          'faults:\n  - { kind: error, operation: sourceConnections.run, nth: 2, status: 503, message: Service Unavailable }\n',
      })
      const { fake, call, key, base } = await setup({
        scenariosDir: dir,
        scenario: ['airweave/third-run-fails'],
      })
      expect((await call('POST', `${base}/run`, { headers: key })).status).toBe(200)
      fake.clock.advance('10m')
      expect(await call('POST', `${base}/run`, { headers: key })).toMatchObject({
        status: 503,
        body: { detail: 'Service Unavailable' },
      })
      expect(fake.jobs('airweave')).toHaveLength(1)
      expect((await call('POST', `${base}/run`, { headers: key })).status).toBe(200)
    })

    test('latency waits on the session clock: a manual clock holds the answer until advanced', async () => {
      const dir = scenariosWith({
        'airweave/slow.yaml': 'faults:\n  - { kind: latency, fixed: 2s }\n',
      })
      const { fake, key, base } = await setup({ scenariosDir: dir, scenario: ['airweave/slow'] })
      let answered = false
      const pending = fake
        .request(`${base}/jobs`, { headers: key })
        .then((res) => ((answered = true), res))
      await new Promise((resolve) => setImmediate(resolve))
      expect(answered).toBe(false)
      fake.clock.advance('2s')
      expect((await pending).status).toBe(200)
    })

    test('a reset fault drops the connection instead of answering', async () => {
      const dir = scenariosWith({ 'airweave/flaky.yaml': 'faults:\n  - { kind: reset, nth: 1 }\n' })
      const { fake, key, base } = await setup({ scenariosDir: dir, scenario: ['airweave/flaky'] })
      await expect(fake.request(`${base}/jobs`, { headers: key })).rejects.toThrow(/ECONNRESET/)
      expect((await fake.request(`${base}/jobs`, { headers: key })).status).toBe(200)
    })
  })

  describe('sessions', () => {
    test('two sessions side by side see neither jobs, clock, journal nor scenario of the other', async () => {
      const { call, key, base } = await setup()
      const a = { 'x-jobfake-session': 'ci-a' }
      const b = { 'x-jobfake-session': 'ci-b' }
      await call('PUT', '/__admin/scenarios/airweave', {
        headers: a,
        body: { name: 'slow-cancel' },
      })
      const job = (await call('POST', `${base}/run`, { headers: { ...key, ...a } })).body
      expect((await call('POST', `${base}/run`, { headers: { ...key, ...b } })).status).toBe(200)
      await call('POST', '/__admin/clock/advance', { headers: a, body: { by: '10m' } })
      expect((await call('GET', '/__admin/clock', { headers: b })).body.now).toBe(
        '2026-01-01T00:00:00.000Z',
      )
      expect(
        (await call('GET', '/__admin/jobs', { headers: a })).body.map((j: { id: string }) => j.id),
      ).toEqual([job.id])
      expect((await call('GET', '/__admin/jobs', { headers: b })).body[0].state).toBe('pending')
      expect((await call('GET', '/__admin/scenarios', { headers: b })).body.airweave.active).toBe(
        'happy',
      )
      expect(
        (await call('GET', '/__admin/journal', { headers: b })).body.every(
          (e: { session: string }) => e.session === 'ci-b',
        ),
      ).toBe(true)
    })
  })
})

describe('answering without waiting', () => {
  test('a request that waits for nothing is answered before fetch returns; one with a body is a promise', async () => {
    const { fake, key, base } = await setup()
    const poll = () => fake.app.fetch(new Request(`http://localhost${base}/jobs`, { headers: key }))
    const empty = poll()
    expect(empty).toBeInstanceOf(Response)
    expect(await (empty as Response).json()).toEqual([])
    // A POST with a body is read from its stream: that answer can only come later.
    const started = fake.app.fetch(
      new Request(`http://localhost${base}/run`, {
        method: 'POST',
        headers: { ...key, 'content-type': 'application/json' },
        body: '{}',
      }),
    )
    expect(started).toBeInstanceOf(Promise)
    const job = await (await started).json()
    // The next poll, answered at once as well, already shows the job the POST made.
    const polled = poll()
    expect(polled).toBeInstanceOf(Response)
    expect(await (polled as Response).json()).toMatchObject([{ id: job.id, status: 'pending' }])
    expect(fake.journal().map((e) => e.status)).toEqual([200, 200, 200])
    expect(fake.violations()).toEqual([])
  })
})

describe('response validation', () => {
  function brokenSpecs() {
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-strict-'))
    cpSync(new URL('../../specs/', import.meta.url).pathname, dir, { recursive: true })
    const file = join(dir, 'airweave.yaml')
    // Take `pending` out of the job statuses, so that the job a run answers breaks the spec.
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'enum: [created, pending, running',
        'enum: [created, running',
      ),
    )
    return dir
  }

  test('a response that breaks the spec is sent and recorded; with strict it becomes a 500 in the vendor shape', async () => {
    for (const strict of [false, true]) {
      const fake = await createFake({ specsDir: brokenSpecs(), strict })
      const { airweave } = await (await fake.request('/__admin/fixtures')).json()
      const res = await fake.request(
        `/airweave/source-connections/${airweave.sourceConnectionIds[0]}/run`,
        {
          method: 'POST',
          headers: { 'x-api-key': airweave.apiKey },
        },
      )
      const [entry] = fake.violations()
      expect(entry!.violations[0]).toMatchObject({
        in: 'response',
        name: 'status',
        message: expect.stringMatching(/^must be one of/),
      })
      if (strict) {
        expect(res.status).toBe(500)
        expect((await res.json()).detail).toMatch(
          /response to sourceConnections\.run breaks the spec: status must be one of/,
        )
      } else expect(res.status).toBe(200)
    }
  })
})

describe('hostile clients', () => {
  test('a client that aborts mid-body is journaled as its abort (499), not as a server error', async () => {
    const { startFake } = await import('../../src/index.js')
    const { connect } = await import('node:net')
    const fake = await startFake({ port: 0 })
    try {
      const { chroma } = await (await fetch(`${fake.url()}/__admin/fixtures`)).json()
      const socket = connect(fake.port, '127.0.0.1')
      await new Promise((resolve) => socket.once('connect', resolve))
      const head = `POST /chroma/api/v1/sources HTTP/1.1\r\nhost: x\r\nx-chroma-token: ${chroma.token}\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n`
      socket.write(head + '{"database_name": "docs-prod", ')
      const waited = fetch(`${fake.url()}/__admin/journal/wait`, {
        method: 'POST',
        body: JSON.stringify({ operation: 'create_source', timeout: '5s' }),
      })
      await new Promise((resolve) => setImmediate(resolve))
      socket.destroy()
      const { entry } = await (await waited).json()
      expect(entry).toMatchObject({ operation: 'create_source', status: 499, violations: [] })
    } finally {
      await fake.close()
    }
  })

  test('a chunked body is limited while it streams: the 413 comes in the vendor shape, the rest is not kept', async () => {
    const { startFake } = await import('../../src/index.js')
    const { request } = await import('node:http')
    const fake = await startFake({ port: 0 })
    try {
      const { chroma } = await (await fetch(`${fake.url()}/__admin/fixtures`)).json()
      const answer = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const headers = {
          'x-chroma-token': chroma.token,
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        }
        const req = request(
          `${fake.url()}/chroma/api/v1/sources`,
          { method: 'POST', headers },
          (res) => {
            let body = ''
            res.on('data', (d) => (body += d))
            res.on('end', () => resolve({ status: res.statusCode, body }))
          },
        )
        req.on('error', reject)
        req.write('{"database_name":"')
        for (let i = 0; i < 3; i++) req.write(Buffer.alloc(1024 * 1024, 'a'))
        req.end('"}')
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toEqual({
        error: 'payload_too_large',
        message: 'Request body is larger than 1048576 bytes',
      })
      expect(fake.journal().at(-1)).toMatchObject({ operation: 'create_source', status: 413 })
    } finally {
      await fake.close()
    }
  })

  test('a very long path is journaled truncated, with its length noted', async () => {
    const fake = await createFake()
    const path = `/airweave/${'x'.repeat(5000)}`
    expect((await fake.request(path)).status).toBe(404)
    const [entry] = fake.journal()
    expect(entry!.path).toHaveLength(2049)
    expect(entry!.pathLength).toBe(path.length - '/airweave'.length)
  })
})
