import type { AnyMachineSnapshot } from 'xstate'
import type { Job } from '../../core/jobs.js'
import { finishedAt, unixSeconds } from '../../vendor/time.js'
import type { OperationContext } from './machine.js'
import { etagOfRevision } from './resources.js'

type Operation = Job<OperationContext>

// One string per step and status, made once: a phase is worked out at every step of every job.
const running: Array<Record<string, string>> = []

/** History phases: "RUNNING <step> <status>" while running, so step times come from the clock. */
export const phaseOf = (snapshot: AnyMachineSnapshot): string => {
  if (snapshot.value !== 'RUNNING') return String(snapshot.value)
  const { index, statuses } = snapshot.context as OperationContext
  const status = statuses[index]!
  return ((running[index] ??= Object.create(null))[status] ??= `RUNNING ${index} ${status}`)
}

function stepTimes(job: Operation, i: number) {
  const parsed = job.history.map((t) => ({
    at: t.at,
    index: t.state.startsWith('RUNNING') ? Number(t.state.split(' ')[1]) : Infinity,
  }))
  const start = parsed.find((t) => t.index === i)?.at
  const end = parsed.find((t) => t.index > i)?.at
  return { start, end }
}

/** ETag of a revision, in the shape Akua's documentation shows (base64 of "[n]"). */
export const etagOf = (job: Operation) => etagOfRevision(job.revision)

/** The dashboard's page for each kind of owner. */
const pages: Record<string, string> = {
  cluster: 'clusters',
  machine: 'machines',
  install: 'installs',
  package: 'packages',
  workspace: 'workspaces',
}

/**
 * An operation on the wire: Unix-second timestamps, `done` exactly when terminal, `response`
 * only on SUCCEEDED, `error` on FAILED and CANCELLED; steps left out of list items.
 *
 * @example
 * presentOperation(job).state // 'RUNNING'
 */
export function presentOperation(job: Operation, { steps = true } = {}) {
  const { context } = job
  const { meta } = context
  const terminal = finishedAt(job)
  const body: Record<string, unknown> = {
    id: job.id,
    workspace_id: meta.workspaceId,
    organization_id: meta.organizationId,
    owner_type: meta.ownerType,
    owner_id: meta.ownerId,
    parent_operation_id: null,
    state: job.state,
    done: job.done,
    html_url: `https://akua.dev/${pages[meta.ownerType]}/${meta.ownerId}?tab=operations`,
    metadata: meta.metadata,
    response: job.state === 'SUCCEEDED' ? meta.response : null,
    error: context.error === null ? null : { message: context.error },
    last_error: context.lastError,
    started_at: unixSeconds(job.createdAt),
    completed_at: terminal === null ? null : unixSeconds(terminal),
  }
  if (steps) {
    body.steps = context.steps.map((step, i) => {
      const status = context.statuses[i]!
      const { start, end } = stepTimes(job, i)
      const finished = status === 'completed' || status === 'failed' || status === 'skipped'
      const completedAt = finished ? (end ?? terminal ?? job.updatedAt) : null
      return {
        name: step.name,
        status,
        execution_type: status === 'skipped' ? 'skipped' : step.execution_type,
        started_at: unixSeconds(start ?? completedAt ?? job.createdAt),
        completed_at: completedAt === null ? null : unixSeconds(completedAt),
        error_message: context.errors[i] ?? null,
        retryable: step.retryable,
        skippable: step.skippable,
      }
    })
  }
  return body
}
