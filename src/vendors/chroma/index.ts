import type { Vendor } from '../../vendor/types.js'
import { tokenAuth, type ChromaPrincipal } from './auth.js'
import { problem } from './errors.js'
import { fixtures } from './fixtures.js'
import { invocationMachine } from './machine.js'
import { chromaRoutes, type ChromaState, type SourceRecord } from './routes.js'
import { vocabulary } from './scenario.js'

/** Chroma Sync sources and invocations, mounted at /chroma (BEHAVIOUR.md §3). */
export const chroma: Vendor = {
  name: 'chroma',
  mount: '/chroma',
  spec: 'chroma.yaml',
  scenarios: vocabulary,
  problem,
  open(env) {
    const sources = new Map<string, SourceRecord>(
      fixtures.sources.map((source) => [
        source.id,
        {
          ...structuredClone(source),
          embedding_model: { model: 'Qwen/Qwen3-Embedding-0.6B' },
          chunking: { type: 'lines', max_lines: 200 },
          embedding: { dense: { model: 'Qwen/Qwen3-Embedding-0.6B' }, sparse: null },
          created_at: fixtures.createdAt,
        } as SourceRecord,
      ]),
    )
    const state: ChromaState = {
      env,
      invocations: env.jobs({ kind: 'invocation', machine: invocationMachine }),
      sources,
      ingested: new Set(),
    }
    // A completed invocation has ingested its collection: another one into it is refused (409).
    state.invocations.watch((job) => {
      if (job.state === 'complete') state.ingested.add(`${job.context.sourceId} ${job.context.collectionName}`)
    })
    const tokens = new Map<string, ChromaPrincipal>([
      [fixtures.token, {}],
      [fixtures.scopedToken, { database: fixtures.scopedDatabase }],
    ])
    return {
      fixtures: {
        token: fixtures.token,
        scopedToken: fixtures.scopedToken,
        scopedDatabase: fixtures.scopedDatabase,
        databases: [...fixtures.databases],
        sourceIds: fixtures.sources.map((s) => s.id),
        sources: fixtures.sources.map((s) => ({ id: s.id, database: s.database_name, kind: Object.keys(s).find((k) => k !== 'id' && k !== 'database_name') })),
      },
      authenticate: tokenAuth(tokens),
      routes: chromaRoutes(state),
    }
  },
}
