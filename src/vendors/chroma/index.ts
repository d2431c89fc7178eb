import { defineVendor } from '../../vendor/define.js'
import type { Job } from '../../core/jobs.js'
import { deviations } from './deviations.js'
import { errors, problem } from './errors.js'
import { fileRoutes } from './files.js'
import { fixtures, principals } from './fixtures.js'
import { invocationMachine, type InvocationContext } from './machine.js'
import { presentInvocation } from './present.js'
import { routes } from './routes.js'
import { vocabulary } from './scenario.js'
import { ingested, sources, type SourceRecord } from './tables.js'
import { plan as verify } from './verify.js'

/** Chroma Sync sources and invocations, mounted at /chroma (BEHAVIOUR.md §3). */
export const chroma = defineVendor('chroma', '/chroma', {
  verify,
  scenarios: vocabulary,
  problem,
  // `x-chroma-token`: missing is 401, unknown 403; /health declares no security and needs none.
  auth: { principals, missing: errors.unauthenticated, unknown: errors.invalidToken },
  jobs: {
    invocation: {
      machine: invocationMachine,
      // A completed invocation has ingested its collection: another one into it is refused (409).
      watch(job: Job<InvocationContext>, ctx) {
        if (job.state !== 'complete') return
        const key = `${job.context.sourceId} ${job.context.collectionName}`
        if (!ingested(ctx).has(key)) {
          ingested(ctx).put(key, {
            sourceId: job.context.sourceId,
            collection: job.context.collectionName,
          })
        }
      },
      present: (job) => presentInvocation(job),
    },
  },
  records: ['source', 'ingested'],
  fixtures: {
    token: fixtures.token,
    scopedToken: fixtures.scopedToken,
    scopedDatabase: fixtures.scopedDatabase,
    databases: [...fixtures.databases],
    sourceIds: fixtures.sources.map((s) => s.id),
    sources: fixtures.sources.map((s) => ({
      id: s.id,
      database: s.database_name,
      kind: Object.keys(s).find((k) => k !== 'id' && k !== 'database_name'),
    })),
  },
  seed(ctx) {
    for (const source of fixtures.sources) {
      const record = {
        ...structuredClone(source),
        embedding_model: { model: 'Qwen/Qwen3-Embedding-0.6B' },
        chunking: { type: 'lines', max_lines: 200 },
        embedding: { dense: { model: 'Qwen/Qwen3-Embedding-0.6B' }, sparse: null },
        created_at: fixtures.createdAt,
      }
      sources(ctx).put(source.id, record as unknown as SourceRecord)
    }
  },
  routes: { ...routes, ...fileRoutes },
  deviations,
})
