// The cases of bench/races.mjs: for each vendor's cancel, how to make the job, how to cancel it and
// what to expect of the storm (see the table at the top of races.mjs).

/** The revision an Akua ETag carries (W/"<base64 of [revision, …]>"). */
export const revisionOf = (etag) => {
  try {
    return JSON.parse(
      Buffer.from(String(etag).replace(/^W\//, '').replace(/"/g, ''), 'base64').toString(),
    )[0]
  } catch {
    return undefined
  }
}

/**
 * The cases, given the server's fixtures, `send(path, { method, headers, body, session })` and
 * `expectOk(promise, what)` (throws on an answer ≥ 300).
 */
export function cases(fx, send, expectOk) {
  const peaka = (mode) => {
    const base = `/peaka/api/v1/data/projects/${fx.peaka.projectIds[0]}/cache`
    const headers = { authorization: `Bearer ${fx.peaka.partnerKey}` }
    const table = fx.peaka.tables.find((t) => t.cacheable && t.projectId === fx.peaka.projectIds[0])
    const schedule =
      mode === 'full'
        ? { fullRefreshCacheSchedule: { type: 'BASIC', expression: 'P1D' } }
        : { incrementalCacheSchedule: { type: 'BASIC', expression: 'PT6H' } }
    return {
      name: `peaka ${mode === 'full' ? 'cancelFullRefreshUpdate' : 'cancelIncrementalUpdate'}`,
      vendor: 'peaka',
      async create(session) {
        const { catalogId, schemaName, tableName } = table
        const res = await expectOk(
          send(base, {
            method: 'POST',
            headers,
            session,
            body: JSON.stringify({ catalogId, schemaName, tableName, ...schedule }),
          }),
          'POST /cache',
        )
        return { cacheId: res.json.id }
      },
      cancel: ({ cacheId }, session) =>
        send(
          `${base}/${cacheId}/${mode === 'full' ? 'cancelFullRefreshUpdate' : 'cancelIncrementalUpdate'}`,
          { method: 'POST', headers, session },
        ),
      settle: '10s',
      cancelled: 'CANCELLED',
      // A cancel is a signal: each call answers 200 while the mode runs.
      accepted: null,
      stormTransitions: 0,
      async extra({ cacheId }, session) {
        const res = await send(`${base}/${cacheId}/status`, { headers, session })
        const logs = (res.json?.cacheActionLogs ?? []).filter((l) => l.action === 'CANCEL').length
        return `${logs} CANCEL action logs`
      },
    }
  }
  const akua = (variant) => {
    const headers = { authorization: `Bearer ${fx.akua.token}` }
    return {
      name: `akua :cancel${variant === 'if-match' ? ' (if-match)' : variant === 'key' ? ' (same idempotency-key)' : ''}`,
      vendor: 'akua',
      async create(session) {
        const res = await expectOk(
          send('/akua/v1/clusters', {
            method: 'POST',
            headers,
            session,
            body: JSON.stringify({ name: 'race', region_id: fx.akua.regionIds[0] }),
          }),
          'POST /clusters',
        )
        return { id: res.json.id, etag: res.headers.etag }
      },
      cancel: ({ id, etag }, session) =>
        send(`/akua/v1/operations/${id}:cancel`, {
          method: 'POST',
          session,
          headers: {
            ...headers,
            ...(variant === 'if-match' ? { 'if-match': etag } : {}),
            ...(variant === 'key' ? { 'idempotency-key': `race-${session}` } : {}),
          },
        }),
      settle: '30s',
      cancelled: 'CANCELLED',
      accepted: variant === 'if-match' ? 1 : null,
      stormTransitions: 0,
      revisionDelta: 1,
      revision: async ({ id }, session) =>
        revisionOf((await send(`/akua/v1/operations/${id}`, { headers, session })).headers.etag),
    }
  }
  return [
    {
      name: 'airweave cancel',
      vendor: 'airweave',
      async create(session) {
        const base = `/airweave/source-connections/${fx.airweave.sourceConnectionIds[0]}`
        const res = await expectOk(
          send(`${base}/run`, {
            method: 'POST',
            headers: { 'x-api-key': fx.airweave.apiKey },
            session,
          }),
          'POST /run',
        )
        return { path: `${base}/jobs/${res.json.id}/cancel` }
      },
      cancel: ({ path }, session) =>
        send(path, { method: 'POST', headers: { 'x-api-key': fx.airweave.apiKey }, session }),
      settle: '10s',
      cancelled: 'cancelled',
      accepted: 1,
      stormTransitions: 1,
    },
    {
      name: 'chroma PUT invocation',
      vendor: 'chroma',
      async create(session) {
        const source = fx.chroma.sources.find((s) => s.kind === 'github') ?? fx.chroma.sources[0]
        const res = await expectOk(
          send(`/chroma/api/v1/sources/${source.id}/invocations`, {
            method: 'POST',
            headers: { 'x-chroma-token': fx.chroma.token },
            session,
            body: '{}',
          }),
          'POST /invocations',
        )
        return { path: `/chroma/api/v1/invocations/${res.json.invocation_id}` }
      },
      cancel: ({ path }, session) =>
        send(path, { method: 'PUT', headers: { 'x-chroma-token': fx.chroma.token }, session }),
      settle: '1s',
      cancelled: 'cancelled',
      accepted: 1,
      stormTransitions: 1,
    },
    peaka('full'),
    peaka('incremental'),
    akua('plain'),
    akua('if-match'),
    akua('key'),
  ]
}
