import type { VendorContext } from '../../vendor/types.js'
import type { StepDefinition } from './machine.js'
import type { Kind, Resource } from './resources.js'

/** What a starter's functions see of a request before the resource it acts on is known. */
export interface Draft<B> {
  ctx: VendorContext
  workspaceId: string
  body: B
  path: Record<string, unknown>
  /** The `idempotency-key` sent, or one minted for the operation (Akua mints one too). */
  key: string
  ifMatch: string
}

/** ...and once it is known: the resource, its operation, and the ids `prepare` minted. */
export interface Act<B> extends Draft<B> {
  target: Resource
  /** The resource as it was before the operation; null for one it creates. */
  before: Resource | null
  operationId: string
  made: Record<string, string>
}

/** A change to the resource: its lifecycle state, and fields computed from the request. */
export interface Change<B> {
  state?: string
  fields?: (a: Act<B>) => Record<string, unknown>
  hidden?: (a: Act<B>) => Record<string, unknown>
}

/** A new resource's fields, and what jobfake keeps of it beside them. */
export interface Created {
  fields: Record<string, unknown>
  hidden?: Record<string, unknown>
  parentId?: string
}

/**
 * One endpoint that starts an Akua operation, as data: what it acts on, which states it starts
 * from, the steps its operation walks, and the state it leaves the resource in. The shared code
 * in start.ts and settle.ts reads it; nothing else about the endpoint is written anywhere.
 */
export interface Starter<B> {
  /** `metadata.type` (and `response.type`). */
  type: string
  /** The resource acted on; the operation's owner follows from it. */
  target: Kind
  /** The verb its refusals name ("Cannot suspend a cluster that is suspended"). */
  action: string
  /** Makes a new resource (found from the path otherwise). */
  creates?: (a: Draft<B>) => Created
  /** An existing resource to act on instead of creating one (a floating hostname's track). */
  find?: (a: Draft<B>) => Resource | undefined
  /** Whose etag `if-match` must equal: the target's (true) or the path's resource of a kind. */
  ifMatch?: true | Kind
  /** The states it may start from: 409 otherwise. */
  from?: string[]
  /** Refusals of its own (unknown references, dependants): throw with `fail`. */
  check?: (a: Draft<B>, target: Resource | undefined) => void
  /** Ids the operation mints up front (a render, a suspension), for the fields and the response. */
  prepare?: (a: Act<B>) => Record<string, string>
  /** At the start, while the operation runs. */
  during?: Change<B>
  /** Once it SUCCEEDED: the resource changed, or gone. */
  after: Change<B> | 'removed'
  /** Once it FAILED or was CANCELLED; by default the resource is put back as it was. */
  failed?: Change<B>
  /** What else changes when it ends (renders, the workspace's plan, a cascade). */
  settled?: (a: Act<B>, state: string) => void
  steps: Array<string | StepDefinition>
  metadata: (a: Act<B>) => Record<string, unknown>
  /** The result set once the operation has SUCCEEDED (null where the document has none). */
  response: (a: Act<B>) => Record<string, unknown> | null
  /** The answer's body: the Operation (default), a MachineOperation, `{operation_id}`, or its own. */
  answer?: 'machine' | 'envelope' | ((a: Act<B>, operationId: string) => unknown)
}

/**
 * A starter with its request body typed, stored in the one table beside the others.
 *
 * @example
 * starter<{ name: string }>({ type: 'x.rename', target: 'subdomain', action: 'rename', ... })
 */
export const starter = <B>(s: Starter<B>) => s as unknown as Starter<unknown>

/** What the operation remembers of its start, so that its end can be applied to the resource. */
export interface Effect {
  starter: string
  kind: Kind
  id: string
  before: Resource | null
  body: unknown
  path: Record<string, unknown>
  key: string
  ifMatch: string
  made: Record<string, string>
}

/** A step the system runs on its own. */
export const system = (name: string, retryable = true, skippable = false): StepDefinition => ({
  name,
  execution_type: 'system',
  retryable,
  skippable,
})
