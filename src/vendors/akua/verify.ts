import { randomBytes } from 'node:crypto'
import { seenAs, type Plan, type Seen } from '../../verify/plan.js'

function operations(answer: unknown): Seen[] {
  const list = (answer as { data?: unknown } | undefined)?.data
  return (Array.isArray(list) ? list : [answer])
    .filter(
      (op): op is Record<string, unknown> => typeof op === 'object' && op !== null && 'state' in op,
    )
    .map((op) => seenAs(op.id, op.state, (op.error as { message?: unknown } | null)?.message))
}

const OPERATION = '/operations/{id}'

/**
 * Akua operations (BEHAVIOUR.md §4), started by creating a cluster: read the operation, cancel it
 * (202, still RUNNING until the current step drains), a second cancel once it is done (422).
 */
export const plan: Plan = {
  vendor: 'akua',
  kind: 'operation',
  needs: {
    token: {
      flag: 'token',
      env: 'AKUA_TOKEN',
      about: 'a workspace token (sk_akua_…)',
      secret: true,
    },
    region: {
      flag: 'region',
      env: 'AKUA_REGION_ID',
      about: 'the region of the cluster it creates',
      writesOnly: true,
    },
  },
  auth: (v) => ({ authorization: `Bearer ${v.token}` }),
  start: {
    operation: 'clusters.create',
    method: 'POST',
    path: '/clusters',
    body: (v) => ({
      name: `jobfake-verify-${v.suffix}`,
      region_id: v.region ?? '{region}',
    }),
    effect: 'write',
    id: (answer) => (answer as { id?: string } | undefined)?.id,
  },
  poll: { operation: 'operations.get', method: 'GET', path: OPERATION, job: 'id', effect: 'read' },
  cancel: {
    operation: 'operations.cancel',
    method: 'POST',
    path: `${OPERATION}:cancel`,
    job: 'id',
    effect: 'write',
  },
  missing: [
    { operation: 'operations.get', method: 'GET', path: OPERATION, job: 'id', effect: 'probe' },
    {
      operation: 'operations.cancel',
      method: 'POST',
      path: `${OPERATION}:cancel`,
      job: 'id',
      effect: 'probe',
    },
  ],
  freshId: () => `op_${randomBytes(8).toString('hex')}`,
  seen: operations,
  status: { start: 202, poll: 200, cancel: 202, refusal: 422, missing: 404 },
  states: { cancelable: ['RUNNING'], cancelled: ['CANCELLED'], completed: ['SUCCEEDED'] },
  leaves:
    'each start creates a cluster named jobfake-verify-<random>: the cancel lifecycle cancels its creation, the complete lifecycle leaves it (delete it yourself)',
  delays: [
    {
      delay: 'step',
      from: 'RUNNING',
      to: ['SUCCEEDED'],
      per: (op) => Math.max(1, ((op as { steps?: unknown[] } | undefined)?.steps ?? []).length),
    },
  ],
}
