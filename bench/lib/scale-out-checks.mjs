// The checks of bench/scale-out.mjs, with 3 replicas behind nginx and the session names:
// stickiness, jobs staying home, requests without the header, isolation (also of two sessions on
// one replica), reset, the event stream (where the build has one), and the spread with a model of
// nginx's ring. Each prints `holds` or `FAILED` through `verdict(what, holds, detail)`.
import { fixed } from './format.mjs'
import { openStream, pool, request, waitFor } from './http.mjs'
import { chashRing } from './nginx.mjs'
import { as, jobsOf, journalOf, vendorRequests } from './scale-out-deploy.mjs'

/**
 * Runs the checks on a deployment of MAX_REPLICAS replicas (deploy(n), undeploy(d) of
 * lib/scale-out-deploy.mjs); answers the spread of the sessions over the replicas, and over
 * compose's jobfake-1..3:4010 where the model of nginx's ring agrees with nginx.
 */
export async function checks({ deploy, undeploy, SESSION_NAMES, MAX_REPLICAS, verdict }) {
  const SESSIONS = SESSION_NAMES.length
  const d = await deploy(MAX_REPLICAS)
  const { replicas, nginx } = d
  const requests = vendorRequests()
  console.log(
    `checks: ${MAX_REPLICAS} replicas (127.0.0.1:${replicas.map((r) => r.port).join(', :')}) behind nginx on 127.0.0.1:${nginx.port}; ` +
      `${SESSIONS} sessions, ${requests.length} vendor requests each (Airweave run, jobs, source connection; Chroma, Akua, Peaka lists), sent through nginx`,
  )

  // Every session's requests, through nginx; the job each one starts.
  const started = new Map() // session → job id
  const refused = []
  await pool(SESSION_NAMES, 6, async (session) => {
    for (const r of requests) {
      const res = await request(`${nginx.base}${r.path}`, {
        method: r.method,
        headers: as(session, r.headers),
      })
      if (r.job) {
        if (res.status === 200 && res.json?.id) started.set(session, res.json.id)
        else refused.push(`${session}: ${res.status} ${res.text.slice(0, 120)}`)
      } else if (res.status !== 200) refused.push(`${session} ${r.path}: ${res.status}`)
    }
  })
  // Requests without the header, through nginx, then as many naming "default": one session.
  const BARE = 10
  for (const session of [undefined, 'default'])
    for (let i = 0; i < BARE; i++)
      await request(`${nginx.base}${requests[1].path}`, {
        headers: as(session, requests[1].headers),
      })

  // Where each session's requests went: each replica's own journal and jobs, asked directly.
  const home = new Map() // session → replica index
  const notSticky = []
  const jobNotHome = []
  for (const session of SESSION_NAMES) {
    const seen = []
    for (const r of replicas) {
      const journal = await journalOf(r.base, session)
      const jobs = await jobsOf(r.base, session)
      if (journal.some((e) => e.session !== undefined && e.session !== session))
        notSticky.push(`${session}: replica ${r.index}'s journal holds another session's entries`)
      seen.push({ replica: r.index, entries: journal.length, jobs: jobs.map((j) => j.id) })
    }
    const holders = seen.filter((s) => s.entries > 0)
    if (holders.length !== 1 || holders[0].entries !== requests.length) {
      notSticky.push(
        `${session}: ${seen.map((s) => `replica ${s.replica} ${s.entries}`).join(', ')}`,
      )
      continue
    }
    home.set(session, holders[0].replica)
    const withJob = seen.filter((s) => s.jobs.length > 0)
    if (
      withJob.length !== 1 ||
      withJob[0].replica !== holders[0].replica ||
      !withJob[0].jobs.includes(started.get(session))
    )
      jobNotHome.push(
        `${session}: jobs on ${withJob.map((s) => `replica ${s.replica}`).join(', ') || 'none'}`,
      )
  }
  verdict(
    'stickiness',
    notSticky.length === 0,
    notSticky.length === 0
      ? `${SESSIONS}/${SESSIONS} sessions: all ${requests.length} requests of each in the journal of one replica, none in the others' (${SESSIONS * requests.length} requests)`
      : `${notSticky.length} session(s) not on exactly one replica: ${notSticky.slice(0, 5).join('; ')}`,
  )
  verdict(
    'jobs stay home',
    jobNotHome.length === 0 && started.size === SESSIONS,
    jobNotHome.length === 0
      ? `each session's job is on its replica only (GET /__admin/jobs on each replica)`
      : jobNotHome.slice(0, 5).join('; '),
  )
  // Asked without the header, each replica answers for its "default" session.
  const bare = []
  for (const r of replicas)
    bare.push({ replica: r.index, entries: (await journalOf(r.base)).length })
  const bareHolders = bare.filter((b) => b.entries > 0)
  verdict(
    'no header',
    bareHolders.length === 1 && bareHolders[0].entries === 2 * BARE,
    `${BARE} requests without X-Jobfake-Session and ${BARE} with "X-Jobfake-Session: default", in the "default" session's journal of ` +
      bare.map((b) => `replica ${b.replica}: ${b.entries}`).join(', '),
  )

  // Isolation: each session's job started (the same source connection, which runs one job at a
  // time in a session), and each session sees its own job only.
  const ownOnly = []
  for (const session of SESSION_NAMES) {
    const jobs = await jobsOf(nginx.base, session)
    const ids = jobs.map((j) => j.id)
    if (ids.length !== 1 || ids[0] !== started.get(session))
      ownOnly.push(`${session}: ${ids.join(', ') || 'none'}`)
  }
  verdict(
    'isolation',
    refused.length === 0 && ownOnly.length === 0,
    refused.length > 0
      ? `refused: ${refused.slice(0, 5).join('; ')}`
      : ownOnly.length > 0
        ? `GET /__admin/jobs showed other jobs: ${ownOnly.slice(0, 5).join('; ')}`
        : `${SESSIONS}/${SESSIONS} sessions each started a job on the same Airweave source connection (200, none "already pending"), and GET /__admin/jobs through nginx shows each its own job only`,
  )
  // A and B on the same replica: the case where isolation is the process's doing, not the proxy's.
  const counts = replicas.map((r) => SESSION_NAMES.filter((s) => home.get(s) === r.index))
  const crowded = counts.reduce((a, b) => (b.length > a.length ? b : a), [])
  if (crowded.length >= 2) {
    const [a, b] = crowded
    const seenByB = (await jobsOf(nginx.base, b)).map((j) => j.id)
    verdict(
      'A and B on one replica',
      !seenByB.includes(started.get(a)) && seenByB.length === 1,
      `job ${started.get(a).slice(0, 8)}… started in ${a} (replica ${home.get(a)}); GET /__admin/jobs as ${b} (replica ${home.get(b)}) lists ${seenByB.map((id) => `${id.slice(0, 8)}…`).join(', ')} (its own)`,
    )
    const reset = await request(`${nginx.base}/__admin/reset`, { method: 'POST', headers: as(a) })
    const afterA = await jobsOf(nginx.base, a)
    const kept = []
    for (const session of SESSION_NAMES.filter((s) => s !== a)) {
      const jobs = await jobsOf(nginx.base, session)
      if (jobs.length === 1 && jobs[0].id === started.get(session)) kept.push(session)
    }
    const neighbours = kept.filter((s) => home.get(s) === home.get(a)).length
    verdict(
      'reset',
      reset.status === 204 && afterA.length === 0 && kept.length === SESSIONS - 1,
      `POST /__admin/reset as ${a}: ${reset.status}, ${a} has ${afterA.length} jobs; ${kept.length}/${SESSIONS - 1} other sessions kept their job (${neighbours} of them on ${a}'s replica)`,
    )
  } else verdict('reset', false, 'no replica holds two sessions: raise --sessions')

  // The event stream, when this build has one: ?session= through nginx reaches the replica that
  // holds the session (as its header would), unbuffered.
  const probe = await openStream(`${replicas[0].base}/__admin/events?session=probe`)
  probe.close()
  const hasEvents = probe.status === 200 && probe.type.startsWith('text/event-stream')
  if (!hasEvents) {
    console.log(
      `  skip    event stream: this build has no /__admin/events (GET answered ${probe.status})`,
    )
  } else {
    // Names as a CI job or the web UI would pick them; the UI opens the stream with
    // URLSearchParams, which encodes ":" and "@". A wrong replica would answer 1 time in 3: 8 names.
    const names = ['events-probe', ...Array.from({ length: 7 }, (_, i) => `ui:run-${i + 1}@team`)]
    const streams = await Promise.all(
      names.map((session) =>
        openStream(`${nginx.base}/__admin/events?${new URLSearchParams({ session })}`),
      ),
    )
    const readyFor = await Promise.all(
      streams.map(async (stream) => {
        const ready = await waitFor(() => stream.frames.find((f) => f.event === 'ready'), 3000)
        try {
          return JSON.parse(ready?.data ?? '{}').session
        } catch {
          return undefined
        }
      }),
    )
    const delays = []
    const missed = []
    for (const [i, session] of names.entries()) {
      const before = performance.now()
      const run = await request(`${nginx.base}${requests[0].path}`, {
        method: 'POST',
        headers: as(session, requests[0].headers),
      })
      const jobId = run.json?.id
      const got = await waitFor(
        () => streams[i].frames.find((f) => f.event === 'job' && jobId && f.data?.includes(jobId)),
        3000,
      )
      if (streams[i].status !== 200 || readyFor[i] !== session || !got)
        missed.push(
          `${session}: ${streams[i].status}, ready for ${readyFor[i]}, ${got ? 'job event' : 'no job event'}`,
        )
      else delays.push(got.atMs - before)
    }
    for (const stream of streams) stream.close()
    verdict(
      'event stream',
      missed.length === 0,
      missed.length === 0
        ? `GET /__admin/events?session=<name> (no header) through nginx, for ${names.length} names (${names[0]}, ${names[1]}…, sent as ${new URLSearchParams({ session: names[1] })}): ` +
            `"ready" for that session, then the job started with the header, ${Math.round(Math.max(...delays))} ms at most after its POST (unbuffered, the session's replica)`
        : missed.join('; '),
    )
  }

  const spread = replicas.map((r, i) => ({ replica: r.index, sessions: counts[i].length }))
  console.log(
    `  spread  ${spread.map((s) => `replica ${s.replica}: ${s.sessions}`).join(', ')} sessions (an even share: ${fixed(SESSIONS / MAX_REPLICAS, 0)})`,
  )
  // nginx's ring is built from the upstream servers' names, here 127.0.0.1:<free port>, so the
  // split changes from run to run. A model of it, checked against where the sessions went, tells
  // where the same names go with compose's jobfake-1..3:4010.
  const ring = chashRing(replicas.map((r) => `127.0.0.1:${r.port}`))
  const modelled = SESSION_NAMES.filter((s) => ring(s) + 1 === home.get(s)).length
  const bareHome = bareHolders.length === 1 ? bareHolders[0].replica : undefined
  const composeRing = chashRing(
    Array.from({ length: MAX_REPLICAS }, (_, i) => `jobfake-${i + 1}:4010`),
  )
  const composeSpread = Array.from(
    { length: MAX_REPLICAS },
    (_, i) => SESSION_NAMES.filter((s) => composeRing(s) === i).length,
  )
  if (modelled === SESSIONS && ring('default') + 1 === bareHome) {
    console.log(
      `  model   nginx's ring (ketama, 160 points a server) recomputed here puts ${modelled}/${SESSIONS} sessions and "default" where nginx did; ` +
        `with compose's names (jobfake-1..${MAX_REPLICAS}:4010) these ${SESSIONS} names would split ` +
        `${composeSpread.map((n, i) => `jobfake-${i + 1}: ${n}`).join(', ')}, "default" on jobfake-${composeRing('default') + 1}`,
    )
  } else {
    console.log(
      `  model   nginx's ring recomputed here matches ${modelled}/${SESSIONS} placements only: no prediction for compose (for information, not a check)`,
    )
  }
  await undeploy(d)
  return { spread, composeSpread: modelled === SESSIONS ? composeSpread : null }
}
