import { randomUUID } from 'node:crypto'
import { seenAs, type Plan } from '../../verify/plan.js'

const isJob = (item: unknown): item is Record<string, unknown> =>
  typeof item === 'object' && item !== null && 'id' in item && 'status' in item

const SC = '/source-connections/{source_connection_id}'

/**
 * Airweave sync jobs (BEHAVIOUR.md §2): run a source connection, read its jobs (there is no
 * read of one job), cancel one.
 */
export const plan: Plan = {
  vendor: 'airweave',
  kind: 'sync-job',
  needs: {
    apiKey: {
      flag: 'api-key',
      env: 'AIRWEAVE_API_KEY',
      about: 'an API key (x-api-key)',
      secret: true,
    },
    source_connection_id: {
      flag: 'source-connection',
      env: 'AIRWEAVE_SOURCE_CONNECTION_ID',
      about: 'a source connection to sync (its id)',
    },
  },
  auth: (v) => ({ 'x-api-key': v.apiKey! }),
  start: {
    operation: 'sourceConnections.run',
    method: 'POST',
    path: `${SC}/run`,
    effect: 'write',
    id: (answer) => (isJob(answer) ? String(answer.id) : undefined),
  },
  poll: {
    operation: 'sourceConnections.getJobs',
    method: 'GET',
    path: `${SC}/jobs`,
    effect: 'read',
  },
  cancel: {
    operation: 'sourceConnections.cancelJob',
    method: 'POST',
    path: `${SC}/jobs/{job_id}/cancel`,
    job: 'job_id',
    effect: 'write',
  },
  missing: [
    {
      operation: 'sourceConnections.cancelJob',
      method: 'POST',
      path: `${SC}/jobs/{job_id}/cancel`,
      job: 'job_id',
      effect: 'probe',
    },
    {
      operation: 'sourceConnections.getJobs',
      method: 'GET',
      path: `${SC}/jobs`,
      job: 'source_connection_id',
      effect: 'probe',
    },
  ],
  freshId: randomUUID,
  seen: (answer) =>
    (Array.isArray(answer) ? answer : [answer])
      .filter(isJob)
      .map((job) => seenAs(job.id, job.status, job.error)),
  status: { start: 200, poll: 200, cancel: 200, refusal: 400, missing: 404 },
  states: { cancelable: ['running'], cancelled: ['cancelled'], completed: ['completed'] },
  leaves:
    'each start syncs the source connection: what the sync writes to its collection stays, and the jobs stay in its history',
  delays: [
    { delay: 'pending', from: 'pending', to: ['running'] },
    { delay: 'running', from: 'running', to: ['completed', 'failed'] },
    { delay: 'cancelAck', from: 'cancel', to: ['cancelled'] },
  ],
}
