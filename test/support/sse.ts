/** One Server-Sent Event as a client sees it. */
export interface SseEvent {
  id?: string
  event: string
  data: any
}

/**
 * Reads a text/event-stream body event by event (comments and `retry:` lines skipped), without
 * timers: each `next()` waits on the stream itself.
 */
export function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  const queue: SseEvent[] = []
  const parse = (block: string) => {
    const event: SseEvent = { event: 'message', data: '' }
    let data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue
      const colon = line.indexOf(':')
      const field = line.slice(0, colon)
      const value = line.slice(colon + 1).replace(/^ /, '')
      if (field === 'id') event.id = value
      else if (field === 'event') event.event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length === 0) return
    event.data = JSON.parse(data.join('\n'))
    queue.push(event)
  }
  async function next(): Promise<SseEvent> {
    while (queue.length === 0) {
      const { value, done } = await reader.read()
      if (done) throw new Error('[sse] the stream ended')
      buffer += value
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        parse(buffer.slice(0, end))
        buffer = buffer.slice(end + 2)
      }
    }
    return queue.shift()!
  }
  return {
    next,
    /** The next `n` events. */
    async take(n: number): Promise<SseEvent[]> {
      const out: SseEvent[] = []
      while (out.length < n) out.push(await next())
      return out
    },
    /** Resolves once the server ended the stream (every event before that is read and dropped). */
    async ended(): Promise<boolean> {
      for (;;) {
        const { done } = await reader.read().catch(() => ({ done: true }))
        if (done) return true
      }
    },
    close: () => reader.cancel(),
  }
}
