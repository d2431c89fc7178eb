import { clientError } from './client-error.js'
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { createFake, type Fake, type FakeOptions } from '../index.js'

export interface StartOptions extends FakeOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number
  /** Default 127.0.0.1; 0.0.0.0 inside a container. */
  host?: string
}

/** A fake listening on a port. */
export interface RunningFake extends Fake {
  /** The base URL: of the server, or of a vendor's mount (`url('airweave')`). */
  url(vendor?: string): string
  port: number
  server: ServerType
}

/**
 * Starts a fake on a real port, for clients that need a URL (a browser, an SDK, another process).
 *
 * @example
 * const fake = await startFake({ port: 0 })
 * const base = fake.url('airweave') // http://127.0.0.1:<port>/airweave
 */
export async function startFake({
  port = 4010,
  host = '127.0.0.1',
  ...options
}: StartOptions = {}): Promise<RunningFake> {
  const fake = await createFake(options)
  // Unread bodies are drained by jobfake itself (http/drain.ts), longer than node-server would.
  const server = serve({ fetch: fake.app.fetch, port, hostname: host, autoCleanupIncoming: false })
  const vendors = options.vendors ?? (await import('../vendors/index.js')).vendors
  server.on('clientError', clientError(vendors))
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const address = server.address() as AddressInfo
  const shown =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  const base = `http://${shown}:${address.port}`
  const mounts = new Map(vendors.map((v) => [v.name, v.mount]))
  return {
    ...fake,
    port: address.port,
    server,
    url(vendor) {
      if (vendor === undefined) return base
      const mount = mounts.get(vendor)
      if (!mount)
        throw new Error(
          `[jobfake] Unknown vendor "${vendor}". Use one of: ${[...mounts.keys()].join(', ')}.`,
        )
      return base + mount
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
      await fake.close()
    },
  }
}
