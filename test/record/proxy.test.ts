import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startFake, type RunningFake } from '../../src/index.js'
import { harProblems } from '../../src/record/har.js'
import { startRecorder } from '../../src/record/proxy.js'
import { REDACTED, secretNames } from '../../src/record/redact.js'
import { projectSpec } from '../../src/verify/spec-check.js'
import { airweave } from '../../src/vendors/airweave/index.js'

let fake: RunningFake
let key: string
let sc: string
beforeAll(async () => {
  fake = await startFake({ port: 0, clock: 'manual' })
  const f = await (await fake.request('/__admin/fixtures')).json()
  key = f.airweave.apiKey
  sc = f.airweave.sourceConnectionIds[0]
}, 120_000)
afterAll(() => fake.close())

const secrets = async () => secretNames((await projectSpec(airweave)).operations)

describe(startRecorder, () => {
  test('forwards to the target below its path, answers as it did, and records valid HAR 1.2', async () => {
    const recorder = await startRecorder({ target: fake.url('airweave'), secrets: await secrets() })
    try {
      const run = await fetch(
        `${recorder.url}/source-connections/${sc}/run?force_full_sync=false`,
        {
          method: 'POST',
          headers: { 'x-api-key': key, cookie: 'session=abc; theme=dark' },
        },
      )
      expect(run.status).toBe(200)
      const job = await run.json()
      expect(job).toMatchObject({ source_connection_id: sc, status: 'pending' })
      const missing = await fetch(`${recorder.url}/source-connections/${sc}/jobs/nope/cancel`, {
        method: 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: '{"why":"test"}',
      })
      expect(missing.status).toBe(422)
      const har = recorder.har()
      expect(harProblems(har)).toEqual([])
      const [first, second] = har.log.entries
      expect(har.log.entries).toHaveLength(2)
      expect(first!.request).toMatchObject({
        method: 'POST',
        url: `${fake.url('airweave')}/source-connections/${sc}/run?force_full_sync=false`,
        queryString: [{ name: 'force_full_sync', value: 'false' }],
      })
      expect(first!.request.headers).toContainEqual({ name: 'x-api-key', value: REDACTED })
      expect(first!.request.cookies).toEqual([
        { name: 'session', value: REDACTED },
        { name: 'theme', value: REDACTED },
      ])
      expect(JSON.stringify(har)).not.toContain(key)
      expect(first!.response).toMatchObject({
        status: 200,
        content: { mimeType: expect.stringMatching(/json/) },
      })
      expect(JSON.parse(first!.response.content.text!)).toEqual(job)
      expect(second!.request.postData).toEqual({
        mimeType: 'application/json',
        text: '{"why":"test"}',
      })
      expect(second!.response.status).toBe(422)
      expect(Date.parse(second!.startedDateTime)).toBeGreaterThanOrEqual(
        Date.parse(first!.startedDateTime),
      )
    } finally {
      await recorder.close()
    }
  })

  test('--keep-secrets records the credentials as they were sent', async () => {
    const recorder = await startRecorder({
      target: fake.url('airweave'),
      secrets: await secrets(),
      keepSecrets: true,
    })
    try {
      await fetch(`${recorder.url}/source-connections/${sc}/jobs`, {
        headers: { 'x-api-key': key },
      })
      expect(recorder.har().log.entries[0]!.request.headers).toContainEqual({
        name: 'x-api-key',
        value: key,
      })
    } finally {
      await recorder.close()
    }
  })

  test('passes redirects back instead of following them, and a dead target is a recorded 502', async () => {
    const other = createServer((_, res) =>
      res.writeHead(302, { location: 'http://example.invalid/x' }).end(),
    )
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve))
    const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
    const recorder = await startRecorder({ target, secrets: await secrets() })
    try {
      const res = await fetch(`${recorder.url}/somewhere`, { redirect: 'manual' })
      expect(res.status).toBe(302)
      expect(recorder.har().log.entries[0]!.response.redirectURL).toBe('http://example.invalid/x')
      await new Promise<void>((resolve) => other.close(() => resolve()))
      expect((await fetch(`${recorder.url}/gone`)).status).toBe(502)
      expect(recorder.har().log.entries[1]!.response.status).toBe(502)
      expect(harProblems(recorder.har())).toEqual([])
    } finally {
      await recorder.close()
    }
  })
})
