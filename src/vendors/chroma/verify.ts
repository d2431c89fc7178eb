import { randomUUID } from 'node:crypto'
import { seenAs, type Plan, type Seen } from '../../verify/plan.js'

// `status` is externally tagged: "pending", or {"complete": {...}}, {"failed": {"error"}}.
function invocation(answer: unknown): Seen[] {
  if (typeof answer !== 'object' || answer === null || !('status' in answer)) return []
  const { id, status } = answer as { id: unknown; status: unknown }
  if (typeof status === 'string') return [seenAs(id, status)]
  const [state, detail] = Object.entries((status ?? {}) as Record<string, unknown>)[0] ?? []
  return [seenAs(id, state, (detail as { error?: unknown } | undefined)?.error)]
}

const INVOCATION = '/api/v1/invocations/{invocation_id}'

/**
 * Chroma Sync invocations (BEHAVIOUR.md §3): invoke a source, read the invocation, cancel it while
 * it is pending (the only cancelable state by default).
 */
export const plan: Plan = {
  vendor: 'chroma',
  kind: 'invocation',
  needs: {
    token: {
      flag: 'token',
      env: 'CHROMA_TOKEN',
      about: 'an API token (x-chroma-token)',
      secret: true,
    },
    source_id: {
      flag: 'source',
      env: 'CHROMA_SOURCE_ID',
      about: 'a source to invoke (its id)',
      writesOnly: true,
    },
  },
  auth: (v) => ({ 'x-chroma-token': v.token! }),
  start: {
    operation: 'create_job',
    method: 'POST',
    path: '/api/v1/sources/{source_id}/invocations',
    // A collection of its own: nothing is written into the user's collections, and a second run
    // is not refused for a collection already ingested (409).
    body: (v) => ({ target_collection_name: `jobfake-verify-${v.suffix}` }),
    effect: 'write',
    id: (answer) => (answer as { invocation_id?: string } | undefined)?.invocation_id,
  },
  poll: {
    operation: 'get_job',
    method: 'GET',
    path: INVOCATION,
    job: 'invocation_id',
    effect: 'read',
  },
  cancel: {
    operation: 'cancel_pending_job',
    method: 'PUT',
    path: INVOCATION,
    job: 'invocation_id',
    effect: 'write',
  },
  missing: [
    {
      operation: 'get_job',
      method: 'GET',
      path: INVOCATION,
      job: 'invocation_id',
      effect: 'probe',
    },
    {
      operation: 'cancel_pending_job',
      method: 'PUT',
      path: INVOCATION,
      job: 'invocation_id',
      effect: 'probe',
    },
  ],
  freshId: randomUUID,
  seen: invocation,
  status: { start: 201, poll: 200, cancel: 202, refusal: 412, missing: 404 },
  states: { cancelable: ['pending'], cancelled: ['cancelled'], completed: ['complete'] },
  leaves:
    'each start ingests the source into a new collection named jobfake-verify-<random>, which stays',
  delays: [
    { delay: 'pending', from: 'pending', to: ['processing'] },
    { delay: 'processing', from: 'processing', to: ['complete', 'failed'] },
  ],
}
