import { Worker } from 'node:worker_threads'
import { MOCK_WORKER } from '../paths.js'
import type { SpecDocument } from '../spec/load.js'
import type { Operation } from '../spec/operations.js'
import type { Reply } from '../vendor/types.js'
import { operationDocument } from './extract.js'
import type { MockAnswer, MockAsk } from './protocol.js'

/** How long prism may take over one answer; the first includes loading it (~1.5 s). */
const TIMEOUT_MS = 15_000

interface Thread {
  worker: Worker
  /** The operations whose documents this worker has been sent. */
  sent: Set<string>
  pending: Map<number, (answer: MockAnswer) => void>
}

let thread: Thread | undefined
let nextId = 1

// One worker serves every mocked document of the process, started on the first mocked request.
function threadOf(): Thread {
  if (thread) return thread
  const worker = new Worker(MOCK_WORKER, { resourceLimits: { maxOldGenerationSizeMb: 512 } })
  const current: Thread = { worker, sent: new Set(), pending: new Map() }
  worker.on('message', (answer: MockAnswer) => current.pending.get(answer.id)?.(answer))
  const stopped = (why: string) => {
    if (thread === current) thread = undefined
    for (const [id, settle] of current.pending) settle({ id, refused: why })
  }
  worker.on('error', (error) => stopped(`the mock worker failed: ${error.message}`))
  worker.on('exit', () => stopped('the mock worker stopped'))
  // Idle, it must not keep a process (a test run, a CLI command) alive.
  worker.unref()
  return (thread = current)
}

async function ask(request: Omit<MockAsk, 'id' | 'doc'>, doc: () => object): Promise<MockAnswer> {
  const current = threadOf()
  const known = current.sent.has(request.key)
  const answer = await post(current, request, known ? undefined : doc())
  current.sent.add(request.key)
  // A worker that lost the document (or never got it) says so: it is sent again, once.
  return 'unknown' in answer ? post(current, request, doc()) : answer
}

function post(
  current: Thread,
  request: Omit<MockAsk, 'id' | 'doc'>,
  doc: object | undefined,
): Promise<MockAnswer> {
  const id = nextId++
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => settle({ id, refused: `prism did not answer within ${TIMEOUT_MS / 1000} s` }),
      TIMEOUT_MS,
    )
    timer.unref()
    const settle = (answer: MockAnswer) => {
      clearTimeout(timer)
      current.pending.delete(id)
      // A worker waiting on nobody may stop the process; one with work in hand holds it.
      if (current.pending.size === 0) current.worker.unref()
      resolve(answer)
    }
    current.pending.set(id, settle)
    current.worker.ref()
    current.worker.postMessage({ ...request, id, doc })
  })
}

const JSON_TYPE = /^application\/(.+\+)?json/i

/** Prism's answer as a reply: headers lower-cased, content type and length left to jobfake. */
function replyOf(answer: Extract<MockAnswer, { status: number }>): Reply {
  const headers: Record<string, string> = {}
  let type: string | undefined
  for (const [name, value] of Object.entries(answer.headers)) {
    const key = name.toLowerCase()
    if (key === 'content-type') type = value
    else if (key !== 'content-length') headers[key] = String(value)
  }
  const reply: Reply = { status: answer.status, headers, body: answer.body }
  // Under a media type of its own (text, an event stream) the body goes out as that text; under
  // JSON or a wildcard (`*/*`), as JSON.
  if (answer.body !== undefined && type && !JSON_TYPE.test(type) && !type.includes('*')) {
    reply.type = type
    if (typeof answer.body !== 'string') reply.body = JSON.stringify(answer.body)
  }
  return reply
}

/** Answers an operation jobfake does not model, as `prism mock` would, from its document. */
export interface Mocker {
  answer(
    operation: Operation,
    request: MockAsk['request'],
    config: MockAsk['config'],
  ): Promise<{ reply: Reply } | { refused: string }>
}

/**
 * A mocker for one document: each operation's share of it is cut out once and sent to the worker
 * with its first request.
 *
 * @example
 * const answer = await createMocker(spec).answer(op, { method: 'get', url, headers }, { dynamic: false })
 */
export function createMocker(spec: SpecDocument): Mocker {
  return {
    async answer(operation, request, config) {
      const key = `${spec.hash}:${operation.method} ${operation.path}`
      const answer = await ask({ key, request, config }, () => operationDocument(spec, operation))
      if ('unknown' in answer) return { refused: 'the mock worker lost the document' }
      return 'refused' in answer ? { refused: answer.refused } : { reply: replyOf(answer) }
    },
  }
}

let warming: NodeJS.Timeout | undefined

/**
 * Starts the worker `after` ms from now and has it load prism, off the main thread, so that the
 * first mocked request does not wait ~1.5 s for it. Not at once: on a small machine the load
 * (~0.3 s of a core) would share it with start-up and the first answers. A mocked request before
 * then starts the worker itself.
 */
export function warmMocks({ after = 300 } = {}): void {
  clearTimeout(warming)
  warming = setTimeout(() => threadOf().worker.postMessage({ warm: true }), after)
  warming.unref()
}

/**
 * Stops the worker (a test's clean-up), and a warm-up still to come; the next mocked request
 * starts another.
 */
export async function stopMocks(): Promise<void> {
  clearTimeout(warming)
  const current = thread
  thread = undefined
  await current?.worker.terminate()
}
