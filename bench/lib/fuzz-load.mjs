// The fuzz of bench/fuzz.mjs: the test's fuzzer (test/support/fuzz.ts, loaded through the project's
// TypeScript compiler, types erased, so that the two never drift apart), and the run's way to the
// server: each request carries the run's session; a request that waits on the session clock
// (Akua's :wait) gets the manual clock moved 1 s, then 2, 4… until it answers.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from './jobfake.mjs'
import { sleep } from './proc.mjs'

// test/support/fuzz.ts, transpiled (types erased) by the project's TypeScript. Its imports of src/
// go to the build (dist/), its packages to this checkout's node_modules, and those of
// test/support/fuzz/ to those files, transpiled the same way.
export async function loadFuzzer() {
  const ts = createRequire(join(ROOT, 'package.json'))('typescript')
  // test/support/fuzz.ts and the files of test/support/fuzz/ it imports, each as a data: URL
  // (its imports of the others replaced by theirs first).
  const loaded = new Map()
  const load = (file) => {
    if (loaded.has(file)) return loaded.get(file)
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      fileName: file,
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    })
    const code = outputText.replace(/(from\s+|import\s*\(\s*)'([^']+)'/g, (_, lead, specifier) => {
      const path = specifier.startsWith('.') ? join(dirname(file), specifier) : undefined
      const target = path?.startsWith(join(ROOT, 'src') + sep)
        ? pathToFileURL(join(ROOT, 'dist', relative(join(ROOT, 'src'), path))).href
        : path
          ? load(path.replace(/\.js$/, '.ts'))
          : import.meta.resolve(specifier)
      return `${lead}'${target}'`
    })
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    loaded.set(file, url)
    return url
  }
  return import(load(join(ROOT, 'test', 'support', 'fuzz.ts')))
}

/**
 * The run's way to the server, given `send(path, { method, headers, body, signal })` (resolves
 * `{ status, headers, text }`, rejects on a connection error) and the session: `{ admin, why, createIo, journaled }`.
 */
export function fuzzClient(send, SESSION) {
  const admin = (path, { headers, ...init } = {}) =>
    send(`/__admin${path}`, {
      ...init,
      headers: { 'x-jobfake-session': SESSION, 'content-type': 'application/json', ...headers },
    })

  const why = (error) => `${error?.code ?? error?.name ?? 'Error'}: ${error?.message}`

  function createIo(noAnswer) {
    const advance = (ms) =>
      admin('/clock/advance', { method: 'POST', body: JSON.stringify({ by: ms }) })
    return {
      async reset() {
        const res = await admin('/reset', { method: 'POST' })
        if (res.status !== 204) throw new Error(`POST /__admin/reset answered ${res.status}`)
      },
      advance,
      async send(request) {
        const headers = { ...request.headers }
        if (!('x-jobfake-session' in headers)) headers['x-jobfake-session'] = SESSION
        const controller = new AbortController()
        const pending = send(request.path, {
          method: request.method,
          headers,
          body: request.body,
          signal: controller.signal,
        }).catch((error) => noAnswer(why(error)))
        // Unanswered after 25 ms: the clock moves 1 s, then 2, 4… (at most 30 s a step), up to 3
        // simulated minutes (a :wait times out after 60 s at most).
        let moved = 0
        for (let step = 1000; ; step = Math.min(step * 2, 30_000)) {
          const answer = await Promise.race([pending, sleep(25).then(() => undefined)])
          if (answer) return answer
          if (moved >= 180_000) {
            controller.abort()
            return noAnswer(`no answer after ${moved / 1000} s of clock time`)
          }
          await advance(step)
          moved += step
        }
      },
    }
  }

  /** Response violations the server journaled for the session since its last reset. */
  async function journaled() {
    const entries = JSON.parse((await admin('/journal?violations=true')).text)
    return entries
      .map((e) => ({ ...e, violations: e.violations.filter((v) => v.in === 'response') }))
      .filter((e) => e.violations.length > 0)
  }

  return { admin, why, createIo, journaled }
}
