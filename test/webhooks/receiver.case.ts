import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach } from 'vitest'

/** One POST a receiver got: its path, headers and raw body (signatures are over the raw bytes). */
export interface Received {
  path: string
  headers: IncomingHttpHeaders
  raw: string
  body: any
}

/** What the receiver answers: a status (0 for never), or a status with headers and a body. */
export type Answer = number | { status: number; headers?: Record<string, string>; body?: string }

const open: Array<() => void> = []
afterEach(() => open.splice(0).forEach((close) => close()))

/**
 * A webhook receiver on 127.0.0.1, port 0. It answers each POST with the next of `answers` (the
 * last one again once they run out): the receiver's side of a story, scripted by the test.
 *
 * @example
 * const r = await receiver([500, 500, 204]) // fails twice, then takes the message
 */
export async function receiver(answers: Answer[] = [204]) {
  const calls: Received[] = []
  const waiting: Array<{ count: number; resolve: (calls: Received[]) => void }> = []
  const server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const answer = answers[Math.min(calls.length, answers.length - 1)]!
      calls.push({ path: req.url!, headers: req.headers, raw, body: raw ? JSON.parse(raw) : null })
      for (const w of waiting.filter((w) => calls.length >= w.count)) w.resolve(calls.slice())
      const { status, headers, body } = typeof answer === 'number' ? { status: answer } : answer
      if (status !== 0) res.writeHead(status, headers).end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  open.push(() => (server.closeAllConnections(), server.close()))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    calls,
    /** Resolves once `count` POSTs in all have come. */
    received: (count: number) =>
      new Promise<Received[]>((resolve) =>
        calls.length >= count ? resolve(calls.slice()) : waiting.push({ count, resolve }),
      ),
  }
}

/** A URL nothing listens on: a refused connection, at once. */
export async function refusing() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}
