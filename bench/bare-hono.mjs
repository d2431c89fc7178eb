// The ceiling: bare hono answering the status poll with a fixed body, no validation, no state.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const body = process.env.BODY ?? '[]'
const app = new Hono()
app.get('/airweave/source-connections/:id/jobs', (c) => c.body(body, 200, { 'content-type': 'application/json' }))
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
