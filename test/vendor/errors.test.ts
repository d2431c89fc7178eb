import { describe, expect, test } from 'vitest'
import { problemReplies } from '../../src/vendor/errors.js'
import type { Problem } from '../../src/vendor/types.js'
import { vendors } from '../../src/vendors/index.js'

const problems: Array<[Problem, number]> = [
  [{ kind: 'route-not-found', method: 'GET', path: '/x' }, 404],
  [{ kind: 'method-not-allowed', method: 'PUT', allowed: ['GET', 'POST'] }, 405],
  [{ kind: 'payload-too-large', limit: 10 }, 413],
  [{ kind: 'rate-limited', retryAfterSeconds: 3, limit: 5, remaining: 0 }, 429],
  [{ kind: 'fault', status: 503 }, 503],
  [{ kind: 'internal', message: 'boom' }, 500],
]

describe(problemReplies, () => {
  test('jobfake picks status and headers, the vendor its words and body', () => {
    const problem = problemReplies({
      body: (status, message, p) => ({ status, message, kind: p.kind }),
    })
    expect(
      problem({ kind: 'method-not-allowed', method: 'PUT', allowed: ['GET', 'POST'] }),
    ).toEqual({
      status: 405,
      body: {
        status: 405,
        message: 'PUT is not allowed here; use GET, POST',
        kind: 'method-not-allowed',
      },
      headers: { allow: 'GET, POST' },
    })
    expect(
      problem({ kind: 'rate-limited', retryAfterSeconds: 3, limit: 5, remaining: 0 }).headers,
    ).toEqual({ 'retry-after': '3' })
    const worded = problemReplies({
      body: (_, message) => ({ message }),
      messages: { internal: () => 'said otherwise' },
    })
    expect(worded({ kind: 'internal', message: 'boom' }).body).toEqual({
      message: 'said otherwise',
    })
  })

  test.each(vendors.map((v) => [v.name, v] as const))(
    '%s: every problem has the status it names, with Allow and Retry-After',
    (_, vendor) => {
      for (const [p, status] of problems) {
        const reply = vendor.problem(p)
        expect(reply.status).toBe(status)
        expect(reply.body).toBeTypeOf('object')
        if (p.kind === 'method-not-allowed') expect(reply.headers?.allow).toBe('GET, POST')
        if (p.kind === 'rate-limited') expect(reply.headers?.['retry-after']).toBe('3')
      }
    },
  )
})
