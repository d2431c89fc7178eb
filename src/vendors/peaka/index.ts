import type { Job } from '../../core/jobs.js'
import { defineVendor } from '../../vendor/define.js'
import { fail } from '../../vendor/errors.js'
import type { AuthRequest } from '../../vendor/types.js'
import { onFinished } from './caches.js'
import { tellJobEnd } from './callbacks.js'
import { catalogRoutes } from './catalogs.js'
import { deviations } from './deviations.js'
import { errors, problem } from './errors.js'
import { exportMachine, type ExportContext } from './export-machine.js'
import { presentExport } from './export-present.js'
import { exportRoutes } from './exports.js'
import { catalogsOf, fixtures, principals, type PeakaPrincipal } from './fixtures.js'
import { executionMachine, refreshMachine } from './machine.js'
import { materializedRoutes } from './materialized.js'
import { metadataMachine } from './metadata-machine.js'
import { metadataRoutes } from './metadata.js'
import { presentExecution } from './present.js'
import { routes } from './routes.js'
import { vocabulary } from './scenario.js'
import { handleSchedules, scheduled } from './schedules.js'
import { plan as verify } from './verify.js'

/** A project key on another project is 403; an unknown project 404. */
function inProject(principal: PeakaPrincipal, request: AuthRequest) {
  // An operation outside a project (organizations, say: mocked from the vendor's document).
  if (request.path.projectId === undefined) return principal
  const projectId = String(request.path.projectId)
  if (principal.project !== undefined && principal.project !== projectId)
    fail(errors.forbidden(projectId))
  if (!fixtures.projects.some((p) => p.id === projectId)) fail(errors.projectNotFound(projectId))
  return principal
}

/**
 * Peaka's partner API, mounted at /peaka/api/v1 (BEHAVIOUR.md §1): caches, exports,
 * materialized query refreshes and metadata refresh jobs.
 */
export const peaka = defineVendor('peaka', '/peaka/api/v1', {
  verify,
  scenarios: vocabulary,
  problem,
  // `Authorization: Bearer`: a missing or unknown key is 401.
  auth: {
    principals,
    missing: errors.unauthenticated,
    unknown: errors.unauthenticated,
    check: inProject,
  },
  jobs: {
    // The wire status is the top-level state: RUNNING while working or stopping.
    execution: {
      machine: executionMachine,
      watch: (job, ctx) => job.done && onFinished(ctx, job.id),
      present: presentExecution,
    },
    export: {
      machine: exportMachine,
      // The owner's view of an export, without its download links (they expire).
      present: (job: Job<ExportContext>, now) =>
        presentExport(job, now, job.context.apiKeyPrefix, false),
    },
    refresh: { machine: refreshMachine },
    'metadata-refresh': {
      machine: metadataMachine,
      watch: (job, ctx) => job.done && tellJobEnd(ctx, job),
    },
  },
  records: ['cache', 'metadata-callback', 'materialized-schedule'],
  fixtures: {
    partnerKey: fixtures.partnerKey,
    projectKeys: Object.fromEntries(fixtures.projects.map((p) => [p.id, p.key])),
    projectIds: fixtures.projects.map((p) => p.id),
    tables: fixtures.tables.map(({ projectId, catalogId, schemaName, tableName, cacheable }) => ({
      projectId,
      catalogId,
      schemaName,
      tableName,
      cacheable,
    })),
    catalogIds: Object.fromEntries(fixtures.projects.map((p) => [p.id, catalogsOf(p.id)])),
    queries: fixtures.queries.map(({ projectId, id, name, queryType }) => ({
      projectId,
      queryId: id,
      name,
      queryType,
    })),
  },
  seed: handleSchedules,
  routes: {
    ...routes,
    ...catalogRoutes,
    ...exportRoutes,
    ...scheduled(materializedRoutes),
    ...metadataRoutes,
  },
  deviations,
})
