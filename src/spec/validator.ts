import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { copyRecord } from '../core/data.js'
import { responseFor, type Operation } from './operations.js'
import { Verdicts } from './verdicts.js'

/** A difference between a message and the spec: where it is, and what is wrong. */
export interface Violation {
  in: 'path' | 'query' | 'header' | 'body' | 'response'
  /** A parameter name, or a dotted path into the body ("items.0.name"); "" for the whole body. */
  name: string
  message: string
}

export interface RequestParts {
  path: Record<string, string>
  query: Record<string, string | string[]>
  headers: Record<string, string>
  body?: unknown
}

/** Request validation result: the parameters coerced to their declared types, or violations. */
export interface CheckedRequest {
  violations: Violation[]
  path: Record<string, unknown>
  query: Record<string, unknown>
  headers: Record<string, unknown>
}

export interface OperationValidator {
  request(parts: RequestParts): CheckedRequest
  /**
   * `text`, when given, is the body as sent (JSON): the body check then judges that text, and
   * remembers its verdict for the next time the same text is sent (see Verdicts). What it gives
   * may be shared (a remembered verdict, frozen): copy it to change it.
   */
  response(
    status: number,
    body: unknown,
    headers: Record<string, string>,
    text?: string,
  ): readonly Violation[]
  /** Compiles every validator of the operation now (otherwise each compiles on first use). */
  compile(): void
}

const pretty = (error: ErrorObject): string => {
  const p = error.params as Record<string, unknown>
  if (error.keyword === 'required') return `is required (missing "${String(p.missingProperty)}")`
  if (error.keyword === 'enum') return `must be one of ${JSON.stringify(p.allowedValues)}`
  if (error.keyword === 'format') return `must be a valid ${String(p.format)}`
  if (error.keyword === 'additionalProperties')
    return `has an unexpected property "${String(p.additionalProperty)}"`
  return error.message ?? 'is invalid'
}

// The request data is validated as {path, query, headers}; violations say "header".
const locationOf = (key: string | undefined) =>
  (key === 'headers' ? 'header' : key) as Violation['in']

const NONE: readonly Violation[] = Object.freeze([])

function toViolations(
  errors: ErrorObject[] | null | undefined,
  where?: Violation['in'],
): Violation[] {
  return (errors ?? []).map((error) => {
    const parts = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    // A missing property is named by itself, not by the object that lacks it.
    if (error.keyword === 'required')
      parts.push(String((error.params as { missingProperty: string }).missingProperty))
    if (where) return { in: where, name: parts.join('.'), message: pretty(error) }
    const [location, ...name] = parts
    return {
      in: locationOf(location),
      name: name.join('.'),
      message: error.keyword === 'required' ? 'is required' : pretty(error),
    }
  })
}

/** An operation's compiled checks, from Ajv at run time or from the build's precompiled code. */
export interface OperationChecks {
  /** `{path, query, headers}`, coercing as it checks. */
  params(): ValidateFunction
  body(): ValidateFunction | undefined
  /** By the operation's response key ("200", "4XX", "default"). */
  response(key: string): { body?: ValidateFunction; headers: ValidateFunction } | undefined
  /** Every check compiled now. */
  compile(): void
}

/**
 * An operation's validator over its checks: parameters coerced, violations named the way the
 * journal and error bodies report them.
 */
export function validatorOf(operation: Operation, checks: OperationChecks): OperationValidator {
  const headerNames = operation.parameters.filter((p) => p.in === 'header').map((p) => p.name)
  const verdicts = new Map<string, Verdicts>()
  const judge = (check: ValidateFunction, body: unknown) =>
    check(body) ? [] : toViolations(check.errors, 'response')
  // The key of the responses a status falls under ("200", "4XX", "DEFAULT"), found once a status.
  const keys = new Map<number, string | undefined>()
  const responseKeyOf = (status: number) => {
    if (keys.has(status)) return keys.get(status)
    const spec = responseFor(operation, status)
    const key =
      spec &&
      [String(status), `${String(status)[0]}XX`, 'DEFAULT'].find(
        (k) => operation.responses[k] === spec,
      )
    keys.set(status, key)
    return key
  }
  // By its text: what the client gets is judged, and the verdict is kept for that text.
  const judgeText = (key: string, check: ValidateFunction, text: string) => {
    let known = verdicts.get(key)
    if (!known) verdicts.set(key, (known = new Verdicts()))
    return known.get(text) ?? known.set(text, judge(check, JSON.parse(text)))
  }
  return {
    compile: () => checks.compile(),
    request(parts) {
      const check = checks.params()
      const headers: Record<string, string> = {}
      for (const name of headerNames)
        if (parts.headers[name] !== undefined) headers[name] = parts.headers[name]!
      const data = { path: copyRecord(parts.path), query: copyRecord(parts.query), headers }
      const violations = check(data) ? [] : toViolations(check.errors)
      if (operation.body) {
        const bodyCheck = checks.body()
        if (parts.body === undefined) {
          if (operation.body.required)
            violations.push({ in: 'body', name: '', message: 'is required' })
        } else if (bodyCheck && !bodyCheck(parts.body))
          violations.push(...toViolations(bodyCheck.errors, 'body'))
      }
      return { violations, ...data }
    },
    response(status, body, headers, text) {
      const key = responseKeyOf(status)
      const check = key ? checks.response(key) : undefined
      if (!check)
        return [
          {
            in: 'response',
            name: '',
            message: `status ${status} is not declared for ${operation.id}`,
          },
        ]
      let found: readonly Violation[] = NONE
      if (check.body && body === undefined)
        found = [{ in: 'response', name: '', message: 'body is missing' }]
      else if (check.body)
        found = text === undefined ? judge(check.body, body) : judgeText(key!, check.body, text)
      else if (body !== undefined)
        found = [{ in: 'response', name: '', message: `status ${status} declares no JSON body` }]
      // Checked every time, whatever the body's verdict; a body that passes allocates nothing.
      if (check.headers(copyRecord(headers))) return found
      const broken = toViolations(check.headers.errors, 'response').map((v) => ({
        ...v,
        name: `header ${v.name}`,
      }))
      return [...found, ...broken]
    },
  }
}
