// The ceiling for bench/run.mjs: bare hono on @hono/node-server answering the Airweave status poll
// with a fixed body (the one jobfake answered), with no auth, no validation, no state, no journal.
// Run as its own process so that its cold start compares with jobfake's and Prism's.
// Environment: PORT (default 0: a free port), BODY (default "[]").
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const body = process.env.BODY ?? '[]'
const app = new Hono()
app.get('/airweave/source-connections/:id/jobs', (c) =>
  c.body(body, 200, { 'content-type': 'application/json' }),
)

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
