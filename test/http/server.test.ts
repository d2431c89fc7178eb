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

describe('what node refuses', () => {
  test('a head over 16 KiB is a 431 in JSON: the vendor shape below its mount, the admin shape elsewhere', async () => {
    const { connect } = await import('node:net')
    const fake = await startFake({ port: 0 })
    try {
      const answers: string[] = []
      for (const path of ['/chroma/api/v1/sources', '/__admin/health']) {
        const socket = connect(fake.port, '127.0.0.1')
        await new Promise((resolve) => socket.once('connect', resolve))
        let out = ''
        socket.on('data', (d) => (out += d))
        socket.write(`GET ${path} HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`)
        await new Promise((resolve) => socket.once('close', resolve))
        answers.push(out)
      }
      for (const out of answers)
        expect(out).toMatch(/^HTTP\/1\.1 431 .*\r\ncontent-type: application\/json\r\n/i)
      expect(JSON.parse(answers[0]!.split('\r\n\r\n')[1]!)).toEqual({
        error: 'bad_request',
        message: expect.stringMatching(/header fields are larger/),
      })
      expect(JSON.parse(answers[1]!.split('\r\n\r\n')[1]!)).toMatchObject({
        error: 'header_too_large',
      })
    } finally {
      await fake.close()
    }
  })
})
