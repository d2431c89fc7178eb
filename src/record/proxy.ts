import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Entry, Har } from 'har-format'
import { wallNow } from '../core/real-time.js'
import { entryOf, type Exchange } from './entry.js'

export interface RecorderOptions {
  /** Where requests are forwarded: the real service's base URL, or any other. */
  target: string
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** Header and query names whose values are replaced by REDACTED in the recording. */
  secrets: { headers: ReadonlySet<string>; query: ReadonlySet<string> }
  /** Record credentials as they were sent. */
  keepSecrets?: boolean
  /** What the HAR's log says it is: the command that made it. */
  comment?: string
  version?: string
  /** Told after each request is recorded (the CLI writes the file). */
  onEntry?(entry: Entry): void
}

export interface Recorder {
  /** Where clients send their requests instead of the target. */
  url: string
  /** The recording so far, as HAR 1.2. */
  har(): Har
  close(): Promise<void>
}

// Headers that belong to one connection, not to the request: never forwarded.
const HOP = new Set([
  ...['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer'],
  ...['proxy-connection', 'host', 'content-length', 'accept-encoding'],
])
// The service's answer is recorded and sent on decoded, so no length or encoding of its own.
const ANSWER_HOP = new Set([...HOP, 'content-encoding'])

const readAll = async (req: IncomingMessage) => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Wall-clock time as epoch milliseconds, for the HAR's `startedDateTime`. */
const epochNow = () => performance.timeOrigin + performance.now()

/**
 * A recording proxy: every request it receives goes to the same path below `target`, its answer
 * comes back unchanged, and both are kept as a HAR entry (credentials redacted unless told).
 * Redirects are passed back to the client, not followed.
 *
 * @example
 * const recorder = await startRecorder({ target: 'https://api.airweave.ai', secrets })
 * // point the client at recorder.url; later: writeHar('run.har', recorder.har())
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const { port = 0, host = '127.0.0.1' } = options
  const target = options.target.replace(/\/+$/, '')
  const entries: Entry[] = []
  const server: Server = createServer(async (req, res) => {
    const started = epochNow()
    const began = wallNow()
    const url = target + (req.url ?? '/')
    const body = await readAll(req)
    const headers = Object.entries(req.headers).flatMap(([name, value]) =>
      HOP.has(name) ? [] : (Array.isArray(value) ? value : [value ?? '']).map((v) => [name, v]),
    ) as Array<[string, string]>
    let exchange: Exchange
    try {
      const answer = await fetch(url, {
        method: req.method,
        headers: [...headers, ['accept-encoding', 'identity']],
        body: body.length > 0 && !['GET', 'HEAD'].includes(req.method!) ? body : undefined,
        redirect: 'manual',
      })
      const waited = wallNow()
      const content = Buffer.from(await answer.arrayBuffer())
      const back = [...answer.headers].filter(([name]) => !ANSWER_HOP.has(name))
      const timings = { wait: waited - began, receive: wallNow() - waited }
      exchange = {
        status: answer.status,
        statusText: answer.statusText,
        headers: back,
        content,
        timings,
      }
    } catch (error) {
      // The target did not answer: the client gets a 502, and the recording says why.
      const content = Buffer.from(JSON.stringify({ error: 'bad_gateway', message: String(error) }))
      const type: [string, string] = ['content-type', 'application/json']
      exchange = { status: 502, statusText: 'Bad Gateway', headers: [type], content }
    }
    const request = { method: req.method!, url, headers, body }
    const entry = entryOf(request, exchange, { started, options })
    entries.push(entry)
    // Recorded before the client has its answer: what a client saw is in the file. A recording
    // that cannot be written must not stop the traffic it records.
    try {
      options.onEntry?.(entry)
    } catch (error) {
      console.error(`[jobfake] ${(error as Error).message.replace(/^\[jobfake\] /, '')}`)
    }
    res.writeHead(exchange.status, exchange.statusText, exchange.headers.flat())
    res.end(exchange.content)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    har: () => ({
      log: {
        version: '1.2',
        creator: { name: 'jobfake', version: options.version ?? '0' },
        ...(options.comment ? { comment: options.comment } : {}),
        entries: [...entries],
      },
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
