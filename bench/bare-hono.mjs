// The ceiling for bench/run.mjs: bare hono on @hono/node-server answering the polled route with a
// fixed body (the one jobfake answered, and the response headers of it the bench repeats), with
// no auth, no validation, no state, no journal. Run as its own process so that its cold start
// compares with jobfake's and Prism's.
// Environment: PORT (default 0: a free port), ROUTE (hono's path pattern, default Airweave's
// status poll /airweave/source-connections/:id/jobs), BODY (default "[]"), HEADERS (a JSON object
// of extra response headers, default none).
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const route = process.env.ROUTE ?? '/airweave/source-connections/:id/jobs'
const body = process.env.BODY ?? '[]'
const headers = { ...JSON.parse(process.env.HEADERS ?? '{}'), 'content-type': 'application/json' }
const app = new Hono()
app.get(route, (c) => c.body(body, 200, headers))

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    console.log(`[bare-hono] listening on http://127.0.0.1:${info.port}`)
  },
)
const stop = () => {
  server.close(() => process.exit(0))
  server.closeAllConnections?.()
  setTimeout(() => process.exit(0), 1000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
