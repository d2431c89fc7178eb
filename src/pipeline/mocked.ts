import { preferencesOf } from '../mock/prefer.js'
import type { Operation } from '../spec/operations.js'
import type { Violation } from '../spec/validators.js'
import type { Reply } from '../vendor/types.js'
import type { Incoming } from './incoming.js'
import type { MountedVendor } from './mounted.js'

const UNEXPECTED = /^has an unexpected property "(.*)"$/

/** Deletes the properties the violations call unexpected; whether it deleted any. */
function prune(body: unknown, violations: readonly Violation[]): boolean {
  let pruned = false
  for (const { name, message } of violations) {
    const property = UNEXPECTED.exec(message)?.[1]
    if (property === undefined) continue
    let node = body as Record<string, unknown> | undefined
    for (const part of name ? name.split('.') : []) node = node?.[part] as typeof node
    if (node && typeof node === 'object' && property in node) {
      delete node[property]
      pruned = true
    }
  }
  return pruned
}

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
  const validator = compiled.validators.get(operation.id)!
  const brokenOf = ({ status, body: sent, headers: sentHeaders, type }: Reply) =>
    validator.response(status, type ? undefined : sent, sentHeaders ?? {})
  // A document's example that breaks the document's own schema is not sent: one generated from
  // the schema is (unless the client asked for that example).
  const { dynamic, exampleKey } = chosen.config
  if ('reply' in answer && !dynamic && !exampleKey && brokenOf(answer.reply).length > 0)
    answer = await mock.answer(operation, asked, { ...chosen.config, dynamic: true })
  // Prism fakes every optional property, even where an allOf branch closes the object
  // (`additionalProperties: false`): those the schema forbids are taken out again.
  if ('reply' in answer && !exampleKey) {
    for (let round = 0; round < 3 && prune(answer.reply.body, brokenOf(answer.reply)); round++);
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
