import type { Operation } from '../../../src/spec/operations.js'

// ---------------------------------------------------------------------------------------------
// What the fuzzer knows of each vendor beyond its spec: credentials, and fixture values by
// parameter or property name (all from GET /__admin/fixtures).

export type Fixtures = Record<string, any>

export interface VendorKnowledge {
  /** Header sets; the first is the vendor's main valid credential. */
  credentials: Record<string, string>[]
  /** Fixture values, by parameter (or body property) name. */
  known: Record<string, string[]>
  /** Partial bodies that name real things (a table, a region, a database), laid over samples. */
  overlays: Record<string, unknown>[]
}

export const uniq = (xs: string[]) => [...new Set(xs)]

export function knowledgeOf(vendor: string, fixtures: Fixtures): VendorKnowledge {
  const f = fixtures[vendor] ?? {}
  switch (vendor) {
    case 'peaka': {
      const tables = f.tables as { catalogId: string; schemaName: string; tableName: string }[]
      const [own, other] = f.projectIds as string[]
      return {
        credentials: [
          { authorization: `Bearer ${f.partnerKey}` },
          { authorization: `Bearer ${f.projectKeys[own!]}` },
          { authorization: `Bearer ${f.projectKeys[other!]}` },
          { authorization: 'Bearer pk_jobfake_unknown' },
          { authorization: String(f.partnerKey) },
          { authorization: 'Basic dXNlcjpwYXNz' },
          {},
        ],
        known: {
          projectId: f.projectIds,
          catalogId: uniq(tables.map((t) => t.catalogId)),
          schemaName: uniq(tables.map((t) => t.schemaName)),
        },
        // A real table, with schedules the fake accepts: incremental, full refresh, or none.
        overlays: tables.flatMap(({ catalogId, schemaName, tableName }) =>
          [
            { incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' } },
            { fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' } },
            {},
          ].map((schedules) => ({
            catalogId,
            schemaName,
            tableName,
            incrementalCacheSchedule: undefined,
            fullRefreshCacheSchedule: undefined,
            ...schedules,
          })),
        ),
      }
    }
    case 'airweave':
      return {
        credentials: [
          { 'x-api-key': f.apiKey },
          { 'x-api-key': 'jf_airweave_unknown' },
          { 'x-api-key': '' },
          {},
        ],
        known: { source_connection_id: f.sourceConnectionIds },
        // A webhook subscription's url: a port nothing listens on, so that a run's deliveries
        // fail at once, on this machine, and never reach a host json-schema-faker made up.
        overlays: [{ url: 'http://127.0.0.1:9/jobfake-fuzz' }],
      }
    case 'chroma':
      return {
        credentials: [
          { 'x-chroma-token': f.token },
          { 'x-chroma-token': f.scopedToken },
          { 'x-chroma-token': 'ck-jobfake-unknown' },
          {},
        ],
        known: { source_id: f.sourceIds, database_name: f.databases },
        overlays: (f.databases as string[]).map((database_name) => ({ database_name })),
      }
    case 'akua':
      return {
        credentials: [
          { authorization: `Bearer ${f.token}` },
          { authorization: `Bearer ${f.broadToken}`, 'akua-context': f.workspaceId },
          { authorization: `Bearer ${f.broadToken}` },
          { authorization: `Bearer ${f.broadToken}`, 'akua-context': f.otherWorkspaceId },
          { authorization: 'Bearer sk_akua_unknown' },
          { authorization: String(f.token) },
          {},
        ],
        known: {
          // A cluster's id below /clusters, an operation's elsewhere (see `lookup`).
          '/clusters/{id} id': [f.clusterId],
          owner_id: [f.clusterId],
          'akua-context': [f.workspaceId, f.otherWorkspaceId],
          region_id: f.regionIds,
        },
        overlays: (f.regionIds as string[]).map((region_id) => ({ region_id })),
      }
    default:
      return { credentials: [{}], known: {}, overlays: [] }
  }
}

// Which property names of earlier answers hold values a parameter can take.
export const HARVESTED: Record<string, string[]> = {
  cacheId: ['cacheId', 'id'],
  job_id: ['id'],
  invocation_id: ['invocation_id', 'id'],
  source_id: ['source_id', 'id'],
  source_connection_id: ['source_connection_id'],
  id: ['id'],
  '/clusters/{id} id': ['owner_id', 'cluster_id'],
  owner_id: ['owner_id'],
  cursor: ['next_cursor'],
  'if-match': ['etag'],
}

export const HARVEST_KEY = /(^id$|_id$|Id$|^next_cursor$)/

/** A table's entry for a parameter: `"<path template> <name>"` first, then `"<name>"`. */
export const lookup = <T>(table: Record<string, T>, op: Operation, name: string): T | undefined =>
  table[`${op.path} ${name}`] ?? table[name]
