import type { Profile } from '../../src/vendor/profile.js'
import { STEPS } from '../../src/vendors/akua/steps.js'
import type { OperationMeta } from '../../src/vendors/akua/machine.js'

/** What an Akua operation is about, for tests that step its machine. */
export const akuaMeta: OperationMeta = {
  workspaceId: 'ws',
  organizationId: 'org',
  ownerType: 'cluster',
  ownerId: 'clu',
  metadata: {},
  response: {},
  effect: { starter: 'clusters.create', kind: 'cluster', id: 'clu' } as OperationMeta['effect'],
}

const steps = Object.values(STEPS)

/** A job's input for each kind of every vendor, the n-th of a run. */
export const jobInputs: Record<string, (profile: Profile, n: number) => unknown> = {
  'airweave/sync-job': (profile, n) => ({
    sourceConnectionId: `sc-${n}`,
    forceFullSync: n % 2 === 0,
    profile,
  }),
  'chroma/invocation': (profile, n) => ({
    sourceId: 's',
    sourceType: 'github',
    databaseName: 'd',
    collectionName: `c${n}`,
    kind: { github: { git_ref_identifier: `r${n}` } },
    profile,
  }),
  'peaka/execution': (profile, n) => ({
    cacheId: `c${n}`,
    mode: n % 2 ? 'INCREMENTAL' : 'FULL_REFRESH',
    baseline: n * 10,
    profile,
  }),
  'peaka/export': (profile, n) => ({
    projectId: 'p',
    source: { kind: 'query', queryId: `q${n}`, name: 'q' },
    format: 'CSV',
    compression: 'NONE',
    columns: 3,
    rows: n,
    refusal: n % 3 === 2 ? 'too many rows' : null,
    apiKeyPrefix: 'k',
    createdMicros: n,
    profile,
  }),
  'peaka/refresh': (profile, n) => ({ projectId: 'p', queryId: `q${n}`, profile }),
  'peaka/metadata-refresh': (profile, n) => ({ projectId: 'p', catalogId: `cat${n}`, profile }),
  'akua/operation': (profile, n) => ({ steps: steps[n % steps.length], meta: akuaMeta, profile }),
}
