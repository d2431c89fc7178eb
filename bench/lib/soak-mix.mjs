// The mixed workload of bench/soak.mjs: one cycle of a session, about 35 requests over the four
// vendors and the admin API (creates, polls, cancels, lists; then the session clock moves a minute,
// so jobs finish and periodic tasks run).

/** Peaka cache ids, by session and table, until the session is reset (`forget(session)`). */
const caches = new Map()
export const forget = (session) => {
  for (const key of caches.keys()) if (key.startsWith(`${session} `)) caches.delete(key)
}

/**
 * The cycle, given the server's fixtures (GET /__admin/fixtures) and `send(session, method, path,
 * { headers, body })` (resolves with `{ status, json }`, never rejects): `cycle(session, n)`.
 */
export function cycleOf(fx, send) {
  const aw = { 'x-api-key': fx.airweave.apiKey }
  const ch = { 'x-chroma-token': fx.chroma.token }
  const ak = { authorization: `Bearer ${fx.akua.token}` }
  const pk = { authorization: `Bearer ${fx.peaka.partnerKey}` }
  const project = fx.peaka.projectIds[0]
  const tables = fx.peaka.tables.filter((t) => t.cacheable && t.projectId === project)
  const pbase = `/peaka/api/v1/data/projects/${project}/cache`
  return async (s, n) => {
    // Airweave: start a sync, poll it, cancel it, read the connection.
    const sc = fx.airweave.sourceConnectionIds[n % fx.airweave.sourceConnectionIds.length]
    const abase = `/airweave/source-connections/${sc}`
    const run = await send(s, 'POST', `${abase}/run`, { headers: aw })
    for (let i = 0; i < 3; i++) await send(s, 'GET', `${abase}/jobs?limit=5`, { headers: aw })
    if (run.json?.id && n % 2 === 0)
      await send(s, 'POST', `${abase}/jobs/${run.json.id}/cancel`, { headers: aw })
    await send(s, 'GET', abase, { headers: aw })

    // Chroma: an invocation, read, cancelled (every other cycle), listed.
    const source = fx.chroma.sourceIds[n % fx.chroma.sourceIds.length]
    const inv = await send(s, 'POST', `/chroma/api/v1/sources/${source}/invocations`, {
      headers: ch,
      body: JSON.stringify({ target_collection_name: `soak-${n}` }),
    })
    const invocation = `/chroma/api/v1/invocations/${inv.json?.invocation_id}`
    for (let i = 0; i < 2; i++) await send(s, 'GET', invocation, { headers: ch })
    if (n % 2 === 1) await send(s, 'PUT', invocation, { headers: ch })
    await send(s, 'GET', `/chroma/api/v1/invocations?source_id=${source}&limit=10`, { headers: ch })

    // Akua: a cluster operation, read, cancelled (every third cycle), listed.
    const op = await send(s, 'POST', '/akua/v1/clusters', {
      headers: ak,
      body: JSON.stringify({ name: `soak-${n}`, region_id: fx.akua.regionIds[n % 2] }),
    })
    const opPath = `/akua/v1/operations/${op.json?.id}`
    for (let i = 0; i < 2; i++) await send(s, 'GET', opPath, { headers: ak })
    if (n % 3 === 0) await send(s, 'POST', `${opPath}:cancel`, { headers: ak })
    await send(s, 'GET', '/akua/v1/operations?limit=10', { headers: ak })

    // Peaka: a cache per table (409 once it exists), a sync, its status, a cancel, the history.
    const { catalogId, schemaName, tableName } = tables[n % tables.length]
    const created = await send(s, 'POST', pbase, {
      headers: pk,
      body: JSON.stringify({ catalogId, schemaName, tableName }),
    })
    if (created.json?.id) caches.set(`${s} ${tableName}`, created.json.id)
    const cache = caches.get(`${s} ${tableName}`)
    if (cache) {
      await send(s, 'POST', `${pbase}/${cache}/incrementalUpdate`, { headers: pk })
      for (let i = 0; i < 2; i++)
        await send(s, 'GET', `${pbase}/${cache}/status?excludeLogs=true`, { headers: pk })
      if (n % 2 === 0)
        await send(s, 'POST', `${pbase}/${cache}/cancelIncrementalUpdate`, { headers: pk })
      await send(s, 'GET', `${pbase}/${cache}/executionHistory?limit=5`, { headers: pk })
    }
    await send(s, 'GET', `${pbase}/status?excludeLogs=true`, { headers: pk })

    // Time passes: jobs finish, cleanup tasks run.
    await send(s, 'POST', '/__admin/clock/advance', { body: JSON.stringify({ by: '1m' }) })
  }
}
