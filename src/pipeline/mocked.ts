import { preferencesOf } from '../mock/prefer.js'
import type { Operation } from '../spec/operations.js'
import type { Reply } from '../vendor/types.js'
import type { Incoming } from './incoming.js'
import type { MountedVendor } from './mounted.js'

/**
 * The answer to an operation jobfake does not model: prism's, from the served document, after
 * the same routing, faults, auth and validation as a modelled one. Prism's `Prefer` header and
 * `__code`-style query parameters choose the status, the example or a dynamic answer; a choice
 * the document cannot satisfy is the vendor's own validation error, naming what was asked.
 *
 * @example
 * const reply = await mockedAnswer(request, op, query, body, mounted, 1)
 */
export async function mockedAnswer(
  request: Incoming,
  operation: Operation,
  query: Record<string, string | string[]>,
  body: unknown,
  { vendor, mock, compiled }: MountedVendor,
  seed: number,
): Promise<Reply> {
  const prefer = request.header('prefer')
  const chosen = preferencesOf(prefer, query, `${seed}:${request.method} ${request.path}`)
  if ('violation' in chosen)
    return vendor.problem({ kind: 'invalid-request', violations: [chosen.violation] })
  const headers: Record<string, string> = {}
  for (const name of ['accept', 'content-type']) {
    const value = request.header(name)
    if (value) headers[name] = value
  }
  const asked = {
    method: request.method.toLowerCase(),
    url: { path: request.path, query },
    headers,
    body,
  }
  let answer = await mock.answer(operation, asked, chosen.config)
  // A document's example that breaks the document's own schema is not sent: one generated from
  // the schema is (unless the client asked for that example).
  const { dynamic, exampleKey } = chosen.config
  if ('reply' in answer && !dynamic && !exampleKey) {
    const { status, body: sent, headers: sentHeaders, type } = answer.reply
    const broken = compiled.validators
      .get(operation.id)!
      .response(status, type ? undefined : sent, sentHeaders ?? {})
    if (broken.length > 0)
      answer = await mock.answer(operation, asked, { ...chosen.config, dynamic: true })
  }
  if ('reply' in answer) return answer.reply
  const { code } = chosen.config
  // Only a client's own choice can be refused; anything else prism cannot answer is jobfake's fault.
  if (code === undefined && exampleKey === undefined)
    return vendor.problem({
      kind: 'internal',
      message: `[jobfake] ${operation.id} is mocked, and prism could not answer it: ${answer.refused}`,
    })
  const where = prefer
    ? { in: 'header' as const, name: 'prefer' }
    : { in: 'query' as const, name: code !== undefined ? '__code' : '__example' }
  const wanted = [code !== undefined && `code=${code}`, exampleKey && `example=${exampleKey}`]
  return vendor.problem({
    kind: 'invalid-request',
    violations: [
      {
        ...where,
        message: `${wanted.filter(Boolean).join(', ')} cannot be answered for ${operation.id}: ${answer.refused}`,
      },
    ],
  })
}
