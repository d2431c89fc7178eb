import { expect } from 'vitest'
import type { Akua } from './akua.case.js'
import { CLUSTER_CASES } from './starters-clusters.case.js'
import { INSTALL_CASES } from './starters-installs.case.js'
import { WORKSPACE_CASES } from './starters-workspaces.case.js'

export type F = Akua['f']
export type Operation = { id: string; owner_type: string; owner_id: string }
export type Partial = Record<string, unknown>

/** One endpoint that starts an operation, and what its resource looks like along the way. */
export interface Case {
  id: string
  type: string
  method: string
  path: (f: F) => string
  body?: (f: F) => unknown
  /** The resource whose etag `if-match` carries. */
  ifMatch?: (f: F) => string
  /** The endpoint requires an `idempotency-key`. */
  key?: true
  /** What must have happened before (a cancelled subscription, to reactivate). */
  prepare?: (a: Akua) => Promise<void>
  /** Where the resource acted on is read, once the operation is known. */
  resource: (a: Akua, op: Operation) => string | Promise<string>
  during?: Partial
  after: Partial | 'gone'
  cancelled: Partial | 'gone'
  /** A second start while the first runs is refused: the resource is busy. */
  busy?: true
  /** Once cancelled, it may not start again (a bootstrap stays revoked). */
  once?: true
}

/** Every endpoint that starts an operation: the starters of src/vendors/akua/starters/. */
export const CASES: Case[] = [...CLUSTER_CASES, ...INSTALL_CASES, ...WORKSPACE_CASES]

let keys = 0
/** Starts the case's operation with a fresh key and the resource's current etag. */
export async function start(a: Akua, c: Case) {
  const headers: Record<string, string> = {}
  if (c.key) headers['idempotency-key'] = `key-${++keys}`
  if (c.ifMatch) headers['if-match'] = await a.etag(c.ifMatch(a.f))
  return a.call(c.method, c.path(a.f), { headers, body: c.body?.(a.f) })
}

/** The operation an answer started: the Operation itself, `{operation_id}`, or a render's. */
export async function operationOf(
  a: Akua,
  body: { id?: string; operation_id?: string; render?: { operation_id: string } },
): Promise<Operation & Partial> {
  const id = body.operation_id ?? body.render?.operation_id ?? body.id
  return (await a.get(`/operations/${id}`)).body
}

export async function expectResource(a: Akua, path: string, want: Partial | 'gone') {
  const now = await a.get(path)
  if (want === 'gone') expect(now.status, path).toBe(404)
  else expect(now.body, path).toMatchObject(want)
}
