import type { Route } from '../../vendor/types.js'
import { caches } from './caches.js'
import { fixtures } from './fixtures.js'

/** A table's place in a project. */
export interface TableName {
  catalogId: string
  schemaName: string
  tableName: string
}

export const nameOf = (r: TableName) => `${r.catalogId}.${r.schemaName}.${r.tableName}`

/** The project's table with that catalog, schema and name, if there is one. */
export const tableOf = (projectId: string, named: TableName) =>
  fixtures.tables.find((t) => t.projectId === projectId && nameOf(t) === nameOf(named))

/** Peaka's catalog routes that read the caches jobfake holds, by operationId. */
export const catalogRoutes: Record<string, Route> = {
  // A table is cached from its cache's creation until its deletion. For a table jobfake does not
  // know, the capability fields are left out, as the vendor does when it cannot resolve them.
  isCached: (request, ctx) => {
    const projectId = String(request.path.projectId)
    const named = request.path as unknown as TableName
    const isCached = caches(ctx).find(
      (c) => c.projectId === projectId && nameOf(c) === nameOf(named),
    )
    const table = tableOf(projectId, named)
    const body = { isCached: isCached !== undefined }
    if (!table) return { status: 200, body }
    const supportedCacheTypes = table.cacheable ? ['FULL_REFRESH', 'INCREMENTAL'] : []
    return { status: 200, body: { ...body, isCacheable: table.cacheable, supportedCacheTypes } }
  },
}
