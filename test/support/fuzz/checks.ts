// Answers: the ids they carry (harvest), and what is wrong with them (check, error shapes).
import type { FuzzerContext } from './fuzzer.js'
import { HARVEST_KEY } from './knowledge.js'
import type { Node } from './mutations.js'
import type { FuzzAnswer, FuzzRequest, RunState } from './types.js'

export function harvest(state: RunState, answer: FuzzAnswer) {
  const add = (key: string, value: string) => {
    const list = state.seen.get(key) ?? []
    const seen = list.indexOf(value)
    if (seen !== -1) list.splice(seen, 1)
    list.push(value)
    state.seen.set(key, list)
  }
  if (answer.headers.etag) add('etag', answer.headers.etag)
  // Children before parents and lists from their end, so that the values added last (picked
  // first) are the top-level ids of the first item: the thing the request made or read.
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const item of [...node].reverse()) walk(item)
    else if (node && typeof node === 'object') {
      const entries = Object.entries(node)
      for (const [, value] of entries) if (typeof value === 'object') walk(value)
      for (const [key, value] of entries)
        if (typeof value === 'string' && HARVEST_KEY.test(key)) add(key, value)
    }
  }
  walk(parseJson(answer.text).value)
}

export function checkerOf(fuzz: FuzzerContext) {
  const { vendor, mount, compiled } = fuzz

  function check(request: FuzzRequest, answer: FuzzAnswer): string[] {
    if (answer.error !== undefined) return [`no answer: ${answer.error}`]
    const problems: string[] = []
    if (answer.status >= 500) problems.push(`status ${answer.status} (a server error)`)
    // An answer to HEAD has no body to check.
    if (request.method === 'HEAD') return problems
    // A mocked answer may be text (a CSV, say) when that is what the document declares.
    const json = !answer.headers['content-type'] || /json/.test(answer.headers['content-type'])
    const parsed = json ? parseJson(answer.text) : { ok: false, value: undefined }
    if (json && !parsed.ok) problems.push('the body is not JSON')
    if (answer.status >= 400 && parsed.ok) {
      const shape = errorShapeProblem(vendor, answer.status, parsed.value)
      if (shape) problems.push(`the error body is not in ${vendor}'s shape: ${shape}`)
    }
    // As test/support/conformance.ts does: route by the spec, then the operation's validator.
    const url = new URL(request.path, 'http://x')
    const vendorPath = url.pathname.slice(mount.length) || '/'
    const match = compiled.route(request.method, vendorPath)
    if (match.kind === 'operation' && parsed.ok && answer.deviation === undefined) {
      const violations = compiled.validators
        .get(match.operation.id)!
        .response(answer.status, parsed.value, answer.headers)
      for (const v of violations)
        problems.push(`breaks the spec of ${match.operation.id}: ${v.name || 'body'} ${v.message}`)
    }
    for (const v of answer.journal ?? [])
      problems.push(`the fake journaled a response violation: ${v.name || 'body'} ${v.message}`)
    return problems
  }

  return check
}

const parseJson = (text: string): { ok: boolean; value: unknown } => {
  if (text === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, value: undefined }
  }
}

// ---------------------------------------------------------------------------------------------
// Error shapes, written out here rather than taken from the specs, so that they check the specs'
// error schemas too (README, "Errors are …" of each vendor).

const isObject = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v)
const onlyKeys = (v: Node, keys: string[]) => Object.keys(v).every((k) => keys.includes(k))

/** Why an error body is not in the vendor's shape, or undefined when it is. */
export function errorShapeProblem(
  vendor: string,
  status: number,
  body: unknown,
): string | undefined {
  if (!isObject(body)) return 'not a JSON object'
  switch (vendor) {
    case 'peaka':
      return Number.isInteger(body.errorCode) &&
        typeof body.message === 'string' &&
        onlyKeys(body, ['errorCode', 'message'])
        ? undefined
        : 'expected {errorCode: <integer>, message: <string>}'
    case 'airweave':
      if (typeof body.detail === 'string' && onlyKeys(body, ['detail'])) return undefined
      if (
        status === 422 &&
        onlyKeys(body, ['errors']) &&
        Array.isArray(body.errors) &&
        body.errors.length > 0 &&
        body.errors.every(
          (e) =>
            isObject(e) &&
            Object.keys(e).length === 1 &&
            Object.values(e).every((m) => typeof m === 'string'),
        )
      )
        return undefined
      return 'expected {detail: <string>} (or, for 422, {errors: [{"<where>": <string>}, …]})'
    case 'chroma':
      return typeof body.error === 'string' &&
        typeof body.message === 'string' &&
        onlyKeys(body, ['error', 'message'])
        ? undefined
        : 'expected {error: <string>, message: <string>}'
    case 'akua':
      return body.success === false &&
        Array.isArray(body.errors) &&
        body.errors.length > 0 &&
        body.errors.every(
          (e) => isObject(e) && Number.isInteger(e.code) && typeof e.message === 'string',
        ) &&
        isObject(body.result) &&
        Object.keys(body.result).length === 0 &&
        onlyKeys(body, ['success', 'errors', 'result'])
        ? undefined
        : 'expected {success: false, errors: [{code: <integer>, message: <string>}, …], result: {}}'
    default:
      return undefined
  }
}
