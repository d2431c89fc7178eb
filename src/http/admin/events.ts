import { realDelay } from '../../core/clock.js'
import { eventLogOf, type LoggedEvent } from '../../core/event-log.js'
import type { Session } from '../../core/session.js'
import { describeClock } from './views.js'

/** The open event streams of one app, so that shutdown can end them at once. */
export interface StreamHub {
  /** Keeps `end` until the stream ends; returns the function that forgets it. */
  add(end: () => void): () => void
  /** Ends every open stream (and every stream opened from now on, at once). */
  closeAll(): void
  readonly size: number
}

/**
 * Creates the registry of open event streams.
 *
 * @example
 * const streams = createStreamHub()
 * const app = createApp({ ...options, streams })
 * streams.closeAll() // at shutdown
 */
export function createStreamHub(): StreamHub {
  const open = new Set<() => void>()
  let closed = false
  return {
    add(end) {
      if (closed) queueMicrotask(end)
      open.add(end)
      return () => open.delete(end)
    },
    closeAll() {
      closed = true
      for (const end of [...open]) end()
      open.clear()
    },
    get size() {
      return open.size
    },
  }
}

export interface StreamOptions {
  hub: StreamHub
  /** The client's Last-Event-ID (header, or `?lastEventId=` on a first connection). */
  lastEventId?: string
  /** Aborts when the client goes away. */
  signal?: AbortSignal
  /** Real time between keep-alive comments, for proxies that drop quiet connections. */
  heartbeatMs?: number
  /** Events a slow client may fall behind before it is dropped (it resumes by Last-Event-ID). */
  maxQueued?: number
}

const encoder = new TextEncoder()
const frame = ({ id, type, data }: LoggedEvent) => `id: ${id}\nevent: ${type}\ndata: ${data}\n\n`

/**
 * A Server-Sent Events stream of a session's events: first `ready` (the session, its clock and
 * the newest event id), then, for a client that resumes, what it missed (or `resync` when that is
 * no longer kept), then every event as it happens: `request`, `job`, `record`, `clock`, `reset`.
 *
 * @example
 * admin.get('/events', (c) => eventStream(session(c), { hub, signal: c.req.raw.signal }))
 */
export function eventStream(
  session: Session,
  { hub, lastEventId, signal, heartbeatMs = 15_000, maxQueued = 10_000 }: StreamOptions,
): Response {
  const log = eventLogOf(session)
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false
      const send = (text: string) => {
        if (ended) return
        // A client that does not read is dropped rather than buffered without end.
        if ((controller.desiredSize ?? 0) < -maxQueued) return end(new Error('slow client'))
        controller.enqueue(encoder.encode(text))
      }
      const unlisten = log.listen((event) => send(frame(event)))
      const heartbeat = new AbortController()
      const forget = hub.add(() => end())
      // A watched session is in use: it is not evicted while a stream is open on it.
      session.busy++
      const end = (error?: Error) => {
        if (ended) return
        ended = true
        session.busy--
        unlisten()
        forget()
        heartbeat.abort()
        try {
          if (error) controller.error(error)
          else controller.close()
        } catch {
          // Already closed by the reader.
        }
      }
      stop = () => end()
      signal?.addEventListener('abort', stop, { once: true })
      const ready = { session: session.name, last: log.last, clock: describeClock(session.clock) }
      send(`retry: 1000\nevent: ready\ndata: ${JSON.stringify(ready)}\n\n`)
      if (lastEventId !== undefined && lastEventId !== '') {
        const missed = log.since(Number(lastEventId))
        if (missed) for (const event of missed) send(frame(event))
        else send(`event: resync\ndata: ${JSON.stringify({ last: log.last })}\n\n`)
      }
      // Keep-alive comments on real time, never holding the process open.
      void (async () => {
        while (!heartbeat.signal.aborted) {
          await realDelay(heartbeatMs, heartbeat.signal, { keepAlive: false })
          if (!heartbeat.signal.aborted) send(': keep-alive\n\n')
        }
      })()
    },
    cancel() {
      stop()
    },
  })
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  })
}
