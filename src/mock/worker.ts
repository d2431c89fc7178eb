import { createRequire } from 'node:module'
import { parentPort } from 'node:worker_threads'
import type { MockAsk, MockAnswer } from './protocol.js'

// prism-http runs here, off the main thread: importing it costs ~1.5 s (faker's locales), and a
// dynamic answer from a large schema ~80 ms; neither may hold up the requests of other clients.
const require = createRequire(import.meta.url)

interface Prism {
  operationsOf(doc: object): Promise<unknown[]>
  mock(options: { resource: unknown; input: unknown; config: unknown }): (logger: unknown) => {
    _tag: 'Left' | 'Right'
    left?: { message?: string; detail?: string; status?: number }
    right?: { statusCode: number; headers?: Record<string, string>; body?: unknown }
  }
}

let prism: Prism | undefined
const load = (): Prism => {
  if (prism) return prism
  const http = require('@stoplight/prism-http') as {
    getHttpOperationsFromSpec: Prism['operationsOf']
  }
  const mocker = require('@stoplight/prism-http/dist/mocker') as { default: Prism['mock'] }
  return (prism = { operationsOf: http.getHttpOperationsFromSpec, mock: mocker.default })
}

// prism logs every request through pino; jobfake has its own request log.
const quiet: unknown = new Proxy(
  {},
  { get: (_, key) => (key === 'child' ? () => quiet : () => {}) },
)

const operations = new Map<string, Promise<unknown>>()

// Prism's json-schema-faker reads exclusive bounds as draft-04 booleans beside minimum/maximum;
// prism hands it draft-07 numbers, which it ignores (and generates the bound itself).
function draft04Bounds(node: unknown): void {
  if (node === null || typeof node !== 'object') return
  const schema = node as Record<string, unknown>
  for (const [exclusive, bound, pick] of [
    ['exclusiveMinimum', 'minimum', Math.max],
    ['exclusiveMaximum', 'maximum', Math.min],
  ] as const) {
    const value = schema[exclusive]
    if (typeof value !== 'number') continue
    const inclusive = schema[bound]
    const tighter = typeof inclusive === 'number' ? pick(value, inclusive) : value
    schema[bound] = tighter
    schema[exclusive] = tighter === value
  }
  for (const child of Object.values(schema)) draft04Bounds(child)
}

function operationOf(key: string, doc: object): Promise<unknown> {
  let operation = operations.get(key)
  if (!operation) {
    // The document holds this one operation and what it refers to: prism dereferences it whole.
    operation = load()
      .operationsOf(doc)
      .then(([op]) => {
        // Prism would fire the document's callbacks over the network: jobfake never does.
        delete (op as { callbacks?: unknown }).callbacks
        draft04Bounds(op)
        return op
      })
    operations.set(key, operation)
  }
  return operation
}

async function answer({ id, key, doc, request, config }: MockAsk): Promise<MockAnswer> {
  if (!doc && !operations.has(key)) return { id, unknown: true }
  try {
    const resource = await operationOf(key, doc!)
    const input = { data: request, validations: [] }
    let result = load().mock({ resource, input, config })(quiet)
    // A response without a schema has nothing to generate from: its example, if any, serves.
    if (result._tag === 'Left' && config.dynamic)
      result = load().mock({ resource, input, config: { ...config, dynamic: false } })(quiet)
    if (result._tag === 'Left')
      return { id, refused: result.left?.detail || result.left?.message || 'prism refused' }
    const { statusCode, headers, body } = result.right!
    return { id, status: statusCode, headers: headers ?? {}, body }
  } catch (error) {
    return { id, refused: (error as Error).message }
  }
}

parentPort!.on('message', (ask: MockAsk | { warm: true }) => {
  // Asked ahead of the first mocked request, so that it does not wait for prism to load.
  if ('warm' in ask) return void load()
  void answer(ask).then((reply) => parentPort!.postMessage(reply))
})
