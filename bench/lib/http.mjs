// HTTP for bench scripts, over node:http (not fetch: undici's fetch takes up to ~7 ms for a 1 kB
// answer here, node:http ~1 ms): one request on a fresh connection or on a keep-alive agent, the
// first valid answer of a starting server, autocannon as a promise, a free port, a pool of tasks.
import { Agent, request as httpRequest } from 'node:http'
import { createServer } from 'node:net'
import autocannon from 'autocannon'
import { sleep, tailOf } from './proc.mjs'

/** A free port on 127.0.0.1 (read before close(), answered once it is released). */
export const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => server.close(resolve.bind(null, server.address().port)))
  })

/** A keep-alive agent: a connection per concurrent request, reused. */
export const keepAlive = () => new Agent({ keepAlive: true, maxSockets: Infinity })

/**
 * One request. Without an agent, on a fresh connection (`connection: close`, no pooling: no idle
 * socket is left behind). A body gets its content-length (and `content-type: application/json`
 * when json). Resolves with `{ status, headers, text, json }` (json: the body parsed, when it
 * parses); rejects on a connection error or after timeoutMs (0: none).
 */
export function request(url, options = {}) {
  const { method = 'GET', headers = {}, body, agent, timeoutMs = 5000, signal, json } = options
  const all = agent ? { ...headers } : { connection: 'close', ...headers }
  if (body !== undefined) {
    if (json) all['content-type'] ??= 'application/json'
    all['content-length'] = String(Buffer.byteLength(body))
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: all, agent: agent ?? false, signal }, (res) => {
      const chunks = []
      res.on('data', (chunk) => chunks.push(chunk))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed
        try {
          parsed = text === '' ? undefined : JSON.parse(text)
        } catch {}
        resolve({ status: res.statusCode, headers: res.headers, text, json: parsed })
      })
      res.on('error', reject)
    })
    if (timeoutMs > 0)
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout: ${method} ${url}`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Polls url (every everyMs, a fresh connection each time) until `accept(res)` holds; resolves with
 * `{ ms, status, text }`, ms from the child's spawn. Throws when the child exits first, or after
 * deadlineMs from its spawn (with the end of its output).
 */
export async function firstAnswer(child, url, options = {}) {
  const {
    headers = {},
    accept = (res) => res.status === 200,
    deadlineMs = 20_000,
    everyMs = 5,
  } = options
  const what = options.what ?? `a valid answer to ${url}`
  for (;;) {
    const since = Math.round((child.exitedAt ?? performance.now()) - child.spawnedAt)
    if (child.exited)
      throw new Error(
        `${child.name} exited (${child.code}) after ${since} ms, before ${what}:\n${tailOf(child)}`,
      )
    if (since > deadlineMs)
      throw new Error(`${child.name} gave no ${what} within ${deadlineMs} ms:\n${tailOf(child)}`)
    const res = await request(url, { headers, timeoutMs: 1000 }).catch(() => undefined)
    if (res && accept(res))
      return { ms: performance.now() - child.spawnedAt, status: res.status, text: res.text }
    await sleep(everyMs)
  }
}
/** A 200 whose body parses as JSON. */
export const jsonOk = (res) => res.status === 200 && res.json !== undefined

/** autocannon, as a promise. */
export const cannon = (opts) =>
  new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)))
  })

/** Runs fn over items (or 0..n-1 for a number), `width` at a time; the results in order. */
export async function pool(items, width, fn) {
  const list = typeof items === 'number' ? Array.from({ length: items }, (_, i) => i) : items
  const out = new Array(list.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(width, list.length) }, async () => {
      while (next < list.length) {
        const i = next++
        out[i] = await fn(list[i], i)
      }
    }),
  )
  return out
}

/** Polls predicate every 10 ms for up to ms; its first truthy answer, or undefined. */
export async function waitFor(predicate, ms) {
  for (const end = performance.now() + ms; performance.now() < end;) {
    const found = predicate()
    if (found) return found
    await sleep(10)
  }
  return undefined
}

/** Opens an SSE stream and collects its frames until stopped; resolves once headers arrive. */
export function openStream(url) {
  return new Promise((resolve, reject) => {
    const frames = []
    const req = httpRequest(
      url,
      { agent: false, headers: { accept: 'text/event-stream' } },
      (res) => {
        let buffer = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => {
          buffer += chunk
          let end
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = Object.fromEntries(
              buffer
                .slice(0, end)
                .split('\n')
                .filter((line) => line && !line.startsWith(':'))
                .map((line) => [
                  line.slice(0, line.indexOf(':')),
                  line.slice(line.indexOf(':') + 1).trim(),
                ]),
            )
            buffer = buffer.slice(end + 2)
            frames.push({ ...frame, atMs: performance.now() })
          }
        })
        res.on('error', () => {})
        resolve({
          status: res.statusCode,
          type: res.headers['content-type'] ?? '',
          frames,
          close: () => req.destroy(),
        })
      },
    )
    req.setTimeout(10_000, () => req.destroy(new Error('stream timeout')))
    req.on('error', (error) => (error.code === 'ECONNRESET' ? undefined : reject(error)))
    req.end()
  })
}
