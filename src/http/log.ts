import type { Recorded } from '../core/journal.js'
import type { Session } from '../core/session.js'
import type { Violation } from '../spec/validators.js'

/** How requests are logged on the console: one pretty line, one JSON line, or not at all. */
export type LogMode = 'pretty' | 'json' | 'off'

export const LOG_MODES: LogMode[] = ['pretty', 'json', 'off']

export interface RequestLog {
  /** Logs every request the session answers from now on. */
  listen(session: Session): void
  /** Writes out what is still buffered (at shutdown). */
  flush(): Promise<void>
}

export interface RequestLogOptions {
  mode: LogMode
  /** Where each vendor is mounted, so that a line shows the path the client sent. */
  mounts: Map<string, string>
  /** Where lines go: stdout by default (a file descriptor or a path). */
  destination?: number | string
}

type Line = (entry: Recorded) => void

const said = (v: Violation) => `${v.in}${v.name ? ` ${v.name}` : ''} ${v.message}`

/**
 * Loads pino (and pino-pretty) on the first request to log, not at start-up: importing them costs
 * ~60 ms, and the first answer should not wait for that. Lines wait in a short queue meanwhile.
 */
async function loadLogger({ mode, destination = 1 }: RequestLogOptions) {
  const { pino } = await import('pino')
  const dest = pino.destination({ dest: destination, sync: false })
  const options = { base: undefined, timestamp: mode === 'json' }
  if (mode === 'json') return { logger: pino(options, dest), dest }
  const { prettyFactory } = await import('pino-pretty')
  const format = prettyFactory({
    colorize: typeof destination === 'number' && process.stdout.isTTY === true,
    ignore: 'pid,hostname',
    hideObject: true,
    messageFormat: (log: Record<string, unknown>) => {
      const violations = (log.violations as Violation[]).map(said).join('; ')
      return `${String(log.clock).slice(11, 23)} ${log.session} ${log.method} ${log.path} ${log.status}${log.state ? ` ${log.state}` : ''}${violations ? ` ✗ ${violations}` : ''}`
    },
  })
  // prettyFactory formats in step with pino, so lines keep their order and a flush is a flush.
  return { logger: pino(options, { write: (line: string) => dest.write(format(line)) }), dest }
}

/**
 * The console request log: one line per request (clock time, session, method, path, status,
 * job state, violations), a warning when the request broke the spec. `off` gives none.
 *
 * @example
 * const log = createRequestLog({ mode: 'pretty', mounts: new Map([['airweave', '/airweave']]) })
 * log?.listen(session)
 */
export function createRequestLog(options: RequestLogOptions): RequestLog | undefined {
  if (options.mode === 'off') return undefined
  let loading: ReturnType<typeof loadLogger> | undefined
  let write: Line | undefined
  const waiting: Recorded[] = []
  const line = (logger: Awaited<ReturnType<typeof loadLogger>>['logger']) => (entry: Recorded) => {
    const fields = {
      clock: new Date(entry.time).toISOString(),
      session: entry.session,
      vendor: entry.vendor,
      method: entry.method,
      path: (options.mounts.get(entry.vendor) ?? '') + entry.path,
      operation: entry.operation,
      status: entry.status,
      state: entry.state ?? null,
      violations: entry.violations,
    }
    const msg = `${fields.method} ${fields.path} ${fields.status}`
    if (entry.violations.length > 0) logger.warn(fields, msg)
    else logger.info(fields, msg)
  }
  const load = () =>
    (loading ??= loadLogger(options).then((loaded) => {
      write = line(loaded.logger)
      for (const entry of waiting.splice(0)) write(entry)
      return loaded
    }))
  return {
    listen(session) {
      session.events.on('request', ({ entry }) => {
        if (write) return write(entry)
        // Only while pino loads: a burst beyond this is not worth holding.
        if (waiting.length < 1000) waiting.push(entry)
        void load()
      })
    },
    async flush() {
      if (!loading) return
      const { dest } = await loading
      // A file destination opens asynchronously; stdout is open from the start.
      if (!((dest as unknown as { fd: number }).fd >= 0))
        await new Promise((resolve) => dest.once('ready', resolve))
      // A write still in flight goes first: flushSync alone would put what is buffered ahead of it.
      if ((dest as unknown as { _writing: boolean })._writing)
        await new Promise((resolve) => dest.once('drain', resolve))
      dest.flushSync()
    },
  }
}
