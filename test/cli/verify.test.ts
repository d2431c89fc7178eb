import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RunningFake } from '../../src/index.js'
import { deviantAirweave } from '../verify/deviant.case.js'
import { cli } from './cli.case.js'
import { vendors } from '../../src/vendors/index.js'
import { plans } from '../../src/verify/plans.js'
import { verify } from '../../src/verify/run.js'
import { specCheck } from '../../src/verify/spec-check.js'
import { roomyFake, valuesOf } from '../verify/fixtures.case.js'

const airweaveFlags = (url: string, v: Record<string, string>) => [
  ...['verify', '--vendor', 'airweave', '--base-url', url],
  ...['--api-key', v.apiKey!, '--source-connection', v.source_connection_id!],
]

describe('jobfake verify', () => {
  test('--help says, for every vendor, what it needs and exactly what it sends', async () => {
    const { code, out } = await cli('verify', '--help')
    expect(code).toBe(0)
    expect(out).toMatch(/--api-key \(AIRWEAVE_API_KEY\): an API key \(x-api-key\)/)
    expect(out).toMatch(/--token \(CHROMA_TOKEN\)/)
    expect(out).toMatch(/write POST \/source-connections\/\{source_connection_id\}\/run\n/)
    expect(out).toMatch(
      /probe PUT \/api\/v1\/invocations\/\{invocation_id\} \(invocation_id: a fresh id\)/,
    )
    expect(out).toMatch(
      /write DELETE \/data\/projects\/\{projectId\}\/cache\/\{cacheId\} \(what it created\)/,
    )
    expect(out).toMatch(/akua: each start creates a cluster named jobfake-verify-<random>/)
  })

  test('--dry-run prints the requests, credentials redacted, and sends nothing', async () => {
    const service = await deviantAirweave()
    try {
      const args = [...airweaveFlags(service.url, service.values), '--dry-run', '--allow-writes']
      const { code, out } = await cli(...args)
      expect(code).toBe(0)
      expect(service.seen).toEqual([])
      expect(out).toMatch(/nothing is sent.*x-api-key: REDACTED/)
      expect(out).toContain(
        `write POST ${service.url}/source-connections/${service.values.source_connection_id}/run`,
      )
      expect(out).not.toContain(service.values.apiKey)
    } finally {
      await service.close()
    }
  })

  test('without --allow-writes only the probes go out; the rest is listed as skipped', async () => {
    const service = await deviantAirweave()
    try {
      const { code, out } = await cli(...airweaveFlags(service.url, service.values))
      expect(code).toBe(0)
      expect(service.seen).toHaveLength(2)
      expect(service.seen.every((r) => /\/jobs(\/[^/]+\/cancel)?$/.test(r))).toBe(true)
      expect(out).toMatch(/skip start: POST .* — it writes: run with --allow-writes/)
      expect(out).toMatch(/no difference in 2 request\(s\), 8 step\(s\) skipped/)
    } finally {
      await service.close()
    }
  })

  test('a deviating service: exit 1, the difference on the console and in the JUnit and JSON reports', async () => {
    const service = await deviantAirweave({ secondCancel: 409 })
    const dir = mkdtempSync(join(tmpdir(), 'jobfake-verify-cli-'))
    try {
      for (const report of ['verify.xml', 'verify.json']) {
        const args = [...airweaveFlags(service.url, service.values), '--allow-writes']
        const run = await cli(...args, '--poll-interval', '1ms', '--report', join(dir, report))
        expect(run.code).toBe(1)
        expect(run.out).toMatch(
          /FAIL cancel \(refused\)[^\n]*\n\s+request: {2}POST http[^\n]*\/cancel\n\s+answer: {3}409 /,
        )
        expect(run.out).toMatch(/verify airweave: 1 difference\(s\)/)
      }
      expect(readFileSync(join(dir, 'verify.xml'), 'utf8')).toMatch(
        /<failure message="expected 400 \(the cancel refused\), found status 409">/,
      )
      const json = JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8'))
      expect(json.differences).toBe(1)
      expect(json.lifecycles[0].steps[4].differences[0]).toMatchObject({
        expected: '400 (the cancel refused)',
        found: 'status 409',
      })
    } finally {
      await service.close()
    }
  })

  test('usage mistakes are one line and exit 2, with nothing sent', async () => {
    const missing = await cli('verify', '--vendor', 'airweave', '--base-url', 'http://127.0.0.1:9')
    expect(missing.code).toBe(2)
    expect(missing.err.trim()).toBe(
      '[jobfake] verify airweave needs --api-key (or AIRWEAVE_API_KEY): an API key (x-api-key). See jobfake verify --help.',
    )
    const url = await cli('verify', '--vendor', 'chroma', '--base-url', 'http://x/?token=1')
    expect(url.code).toBe(2)
    expect(url.err).toMatch(/--base-url takes an http\(s\) URL with no query/)
    const vendor = await cli('verify', '--vendor', 'stripe', '--base-url', 'http://x')
    expect(vendor.err).toMatch(
      /No lifecycle plan for "stripe": use one of airweave, akua, chroma, peaka/,
    )
  })
})

describe('jobfake verify against jobfake itself', () => {
  let fake: RunningFake
  beforeAll(async () => {
    fake = await roomyFake()
    // The fake compiles its validators on first use: not during the lifecycle the CLI times.
    const plan = plans.chroma!
    const vendor = vendors.find((v) => v.name === 'chroma')!
    const values = (await valuesOf(fake)).chroma!
    const spec = await specCheck(vendor)
    const baseUrl = fake.url('chroma')
    await verify({ plan, vendor, baseUrl, values, spec, lifecycles: ['complete', 'not-found'] })
  }, 120_000)
  afterAll(() => fake.close())

  test('passes, exit 0', async () => {
    const v = (await valuesOf(fake)).chroma!
    const run = await cli(
      ...['verify', '--vendor', 'chroma', '--base-url', fake.url('chroma'), '--allow-writes'],
      ...[
        '--token',
        v.token!,
        '--source',
        v.source_id!,
        '--poll-interval',
        '2ms',
        '--timeout',
        '5s',
      ],
    )
    expect(run.err).toBe('')
    expect(run.code, run.out).toBe(0)
    expect(run.out).toMatch(
      /ok {3}poll until cancelled: GET \/api\/v1\/invocations\/\{invocation_id\} — pending → cancelled/,
    )
    expect(run.out).toMatch(/verify chroma: no difference in \d+ request\(s\)$/m)
  })
})
