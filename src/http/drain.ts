import type { IncomingMessage } from 'node:http'
import { realDelay } from '../core/real-time.js'

/** How long an unread body may go on arriving after an early answer before the socket goes. */
const DRAIN_MS = 10_000

/**
 * For an answer sent before the request body was read (a 413 by Content-Length or mid-stream, a
 * 405): the rest of the body is read and dropped once the answer is out (node's own dump, kept
 * alive), so the client is not cut off by a reset that could cost it the answer; a client still
 * sending after 10 s loses its socket.
 *
 * @example
 * if (!incoming.complete) drainAfter(incoming)
 */
export function drainAfter(incoming: IncomingMessage): void {
  const ended = new AbortController()
  incoming.once('end', () => ended.abort())
  incoming.once('close', () => ended.abort())
  incoming.resume()
  void realDelay(DRAIN_MS, ended.signal, { keepAlive: false }).then(
    () => ended.signal.aborted || incoming.socket?.destroy(),
  )
}
