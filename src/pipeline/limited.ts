import type { Readable } from 'node:stream'

/** A body passed its limit while it streamed: the pipeline answers the vendor's 413. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`[jobfake] The request body is larger than ${limit} bytes.`)
    this.name = 'BodyTooLarge'
  }
}

/**
 * Reads a request body as it streams, counting bytes as they arrive (chunked or not), and stops
 * at once when they pass `limit`: the rest is left unread, for the HTTP layer to drain after it
 * has answered.
 *
 * @example
 * const text = await readLimited(incoming, 1024 * 1024)
 */
export function readLimited(stream: Readable, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = (error?: Error) => {
      stream.off('data', onData)
      stream.off('end', onEnd)
      stream.off('error', onError)
      stream.off('close', onClose)
      if (error) reject(error)
      else resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      stream.pause()
      done(new BodyTooLarge(limit))
    }
    const onEnd = () => done()
    const onError = (error: Error) => done(error)
    const onClose = () =>
      done(new Error('[jobfake] The client closed the connection before the body ended.'))
    stream.on('data', onData)
    stream.once('end', onEnd)
    stream.once('error', onError)
    stream.once('close', onClose)
  })
}
