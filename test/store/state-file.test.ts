import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createFake, type Fake } from '../../src/index.js'
import { openStateFile } from '../../src/store/state-file.js'

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `jobfake-${name}-`))

async function run(fake: Fake, session: string) {
  const { chroma } = await (await fake.request('/__admin/fixtures')).json()
  const headers = {
    'x-chroma-token': chroma.token,
    'x-jobfake-session': session,
    'content-type': 'application/json',
  }
  const started = await fake.request(`/chroma/api/v1/sources/${chroma.sourceIds[0]}/invocations`, {
    method: 'POST',
    headers,
    body: '{}',
  })
  return { headers, id: ((await started.json()) as { invocation_id: string }).invocation_id }
}

const poll = async (fake: Fake, headers: Record<string, string>) =>
  (await fake.request('/chroma/api/v1/invocations?database_name=docs-prod', { headers })).text()

describe(openStateFile, () => {
  test('every session comes back after a restart and goes on exactly as one that never stopped', async () => {
    const file = join(tempDir('state'), 'state.jsonl')
    const story = async (fake: Fake) => {
      const a = await run(fake, 'a')
      fake.session('a').clock.advance(10_000)
      const b = await run(fake, 'b')
      const headers = { 'x-jobfake-session': 'b' }
      await fake.request('/__admin/clock/advance', { method: 'POST', headers, body: '{"by":"1s"}' })
      await run(fake, 'b')
      return { a, b }
    }
    const first = await createFake({ stateFile: file })
    const { a, b } = await story(first)
    await first.close()
    const control = await createFake()
    await story(control)

    const second = await createFake({ stateFile: file })
    expect(second.session('a').clock.now()).toBe(Date.parse('2026-01-01T00:00:10Z'))
    for (const by of [0, 5_000, 60_000, 600_000]) {
      for (const fake of [second, control])
        for (const name of ['a', 'b']) fake.session(name).clock.advance(by)
      for (const { headers } of [a, b])
        expect(await poll(second, headers)).toBe(await poll(control, headers))
    }
    expect(await poll(second, a.headers)).toContain(a.id)
    // The ids go on where they stood: the next invocation is the one the control gets too.
    expect((await run(second, 'a')).id).toBe((await run(control, 'a')).id)
    await second.close()
  })

  test('a torn last line is a write that was never answered: the file still loads', async () => {
    const file = join(tempDir('state'), 'state.jsonl')
    const fake = await createFake({ stateFile: file })
    const { id, headers } = await run(fake, 'a')
    await fake.close()
    appendFileSync(file, '{"session":{"format":"jobfake-sess')
    const back = await createFake({ stateFile: file })
    expect(await poll(back, headers)).toContain(id)
    await back.close()
  })

  test('a damaged or foreign file is a clear start-up error naming the file', async () => {
    const dir = tempDir('state')
    const foreign = join(dir, 'foreign.json')
    writeFileSync(foreign, '{"hello": "world"}\n')
    await expect(createFake({ stateFile: foreign })).rejects.toThrow(
      `${foreign} is not a jobfake state file`,
    )
    const damaged = join(dir, 'damaged.jsonl')
    writeFileSync(damaged, '{"format":"jobfake-state/1"}\nnot json\n{"gone":"x"}\n')
    await expect(createFake({ stateFile: damaged })).rejects.toThrow(
      `${damaged}:2 is not a session line`,
    )
  })

  test('the log is compacted to one line a session once it has grown, atomically', async () => {
    const file = join(tempDir('state'), 'state.jsonl')
    const store = openStateFile(file, { compactAfter: 1 })
    const snapshot = (name: string, n: number) =>
      ({ format: 'jobfake-session/1', name, n }) as never
    store.all(() => [snapshot('a', 3), snapshot('b', 1)])
    await store.save('a', () => snapshot('a', 1))
    await store.save('a', () => snapshot('a', 2))
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { format: 'jobfake-state/1' },
      { session: snapshot('a', 3) },
      { session: snapshot('b', 1) },
    ])
    store.close()
    expect(openStateFile(file).load()).toEqual([snapshot('a', 3), snapshot('b', 1)])
  })
})

describe('kill -9', () => {
  const CHILD = new URL('../support/state-child.mjs', import.meta.url).pathname

  /** Starts a jobfake process on the state file and answers its base URL once it listens. */
  async function start(file: string) {
    const { spawn } = await import('node:child_process')
    const child = spawn(process.execPath, [CHILD, file], { stdio: ['ignore', 'pipe', 'pipe'] })
    let errors = ''
    child.stderr.on('data', (chunk) => (errors += chunk))
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const found = /port (\d+)/.exec(chunk.toString())
        if (found) resolve(Number(found[1]))
      })
      child.once('exit', (code) =>
        reject(new Error(`[test] jobfake exited with ${code}: ${errors}`)),
      )
    })
    return { child, base: `http://127.0.0.1:${port}` }
  }

  test('at any moment loses nothing that was answered and never leaves a file that fails to load', async () => {
    const file = join(tempDir('crash'), 'state.jsonl')
    const answered: Array<{ session: string; id: string }> = []
    const ROUNDS = 20
    const PER_ROUND = 24
    for (let round = 0; round < ROUNDS; round++) {
      const { child, base } = await start(file)
      const { chroma } = await (await fetch(`${base}/__admin/fixtures`)).json()
      // Kill after the k-th answer, while the rest are in flight: k walks every point of the round.
      const killAfter = 1 + ((round * 7) % PER_ROUND)
      let seen = 0
      const exited = new Promise((resolve) => child.once('exit', resolve))
      const sends = Array.from({ length: PER_ROUND }, async (_, i) => {
        const session = `s${(round + i) % 3}`
        const headers = {
          'x-chroma-token': chroma.token,
          'x-jobfake-session': session,
          'content-type': 'application/json',
        }
        try {
          const res = await fetch(
            `${base}/chroma/api/v1/sources/${chroma.sourceIds[i % 2]}/invocations`,
            { method: 'POST', headers, body: '{}' },
          )
          const body = (await res.json()) as { invocation_id?: string }
          if (res.status === 201 && body.invocation_id)
            answered.push({ session, id: body.invocation_id })
        } catch {
          // Cut off by the kill: never answered, so it may be lost.
        }
        if (++seen === killAfter) child.kill('SIGKILL')
      })
      await Promise.all(sends)
      child.kill('SIGKILL')
      await exited
    }
    const { child, base } = await start(file)
    try {
      const { chroma } = await (await fetch(`${base}/__admin/fixtures`)).json()
      for (const { session, id } of answered) {
        const res = await fetch(`${base}/chroma/api/v1/invocations/${id}`, {
          headers: { 'x-chroma-token': chroma.token, 'x-jobfake-session': session },
        })
        expect(res.status, `${session} ${id}`).toBe(200)
      }
      expect(answered.length).toBeGreaterThan(ROUNDS)
    } finally {
      child.kill('SIGKILL')
    }
  }, 120_000)
})

describe('admin changes', () => {
  test('are on disk before their answer: a clock advance, a scenario choice, a reset', async () => {
    const file = join(tempDir('state'), 'state.jsonl')
    const fake = await createFake({ stateFile: file })
    const last = () => {
      const lines = readFileSync(file, 'utf8').trim().split('\n')
      return (
        JSON.parse(lines.at(-1)!) as {
          session: { name: string; clock: { now: number }; scenarios: [string, string][] }
        }
      ).session
    }
    const headers = { 'x-jobfake-session': 'ops' }
    await fake.request('/__admin/clock/advance', { method: 'POST', headers, body: '{"by":"1h"}' })
    expect(last()).toMatchObject({
      name: 'ops',
      clock: { now: Date.parse('2026-01-01T01:00:00Z') },
    })
    await fake.request('/__admin/scenarios/airweave', {
      method: 'PUT',
      headers,
      body: '{"name":"slow-cancel"}',
    })
    expect(last().scenarios).toContainEqual(['airweave', 'slow-cancel'])
    await fake.request('/__admin/reset', { method: 'POST', headers })
    expect(last().clock.now).toBe(Date.parse('2026-01-01T00:00:00Z'))
    const refused = await fake.request('/__admin/clock/advance', {
      method: 'POST',
      headers,
      body: '{"by":1e16}',
    })
    expect(refused.status).toBe(400)
    expect((await refused.json()).message).toMatch(/cannot pass \+275760-09-13/)
    await fake.close()
  })
})
