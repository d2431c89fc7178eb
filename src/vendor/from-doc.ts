import { basename } from 'node:path'
import { defineVendor } from './define.js'
import { problemReplies } from './errors.js'
import type { Problem, Reply, Vendor } from './types.js'

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
}

// RFC 9457 problem details: what a service with no error shape of its own is best faked with.
const shaped = problemReplies({
  body: (status, detail, problem: Problem) => ({
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(problem.kind === 'invalid-request'
      ? { errors: problem.violations.map((v) => ({ in: v.in, name: v.name, message: v.message })) }
      : {}),
  }),
})

const problem = (p: Problem): Reply => {
  const reply = shaped(p)
  return { ...reply, headers: { ...reply.headers, 'content-type': 'application/problem+json' } }
}

/**
 * A vendor jobfake has no code for, served from its OpenAPI document alone (`--vendor-doc
 * name=path --mount /name`): every operation mocked by prism, any credential admitted where the
 * document's security schemes say (none is a 401), errors as RFC 9457 problem+json. A user fakes
 * a fifth service this way today, and adds its machine later.
 *
 * @example
 * const billing = documentVendor('billing', '/billing', './billing-openapi.yaml')
 */
export function documentVendor(name: string, mount: string, file: string): Vendor {
  const unauthorized = () =>
    problem({ kind: 'fault', status: 401, message: 'A credential is required' })
  return defineVendor(name, mount, {
    spec: basename(file),
    scenarios: { delays: {}, counters: {}, events: {} },
    problem,
    auth: {
      principals: new Map(),
      anyCredential: true,
      missing: unauthorized,
      unknown: unauthorized,
    },
    jobs: {},
    records: [],
    fixtures: {},
    routes: {},
  })
}
