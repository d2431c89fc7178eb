import { spawn } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { adminGuard, isLoopback } from '../../../src/http/admin/guard.js'
import { createFake } from '../../../src/index.js'

/** A request as @hono/node-server hands it over from a socket at `address`. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } })

describe(adminGuard, () => {
  test('without a token, only loopback clients are answered; in-process requests are local', async () => {
    const fake = await createFake()
    const get = (path: string, address: string) =>
      fake.app.fetch(new Request(`http://fake${path}`), from(address))
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect((await get('/__admin/fixtures', address)).status, address).toBe(200)
    const refused = await get('/__admin/fixtures', '10.1.2.3')
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({
      error: 'forbidden',
      message: expect.stringMatching(
        /^\[jobfake\] The admin API answers this machine only \(you are 10\.1\.2\.3\)\. Start jobfake with --admin-token/,
      ),
    })
    for (const path of ['/__admin/events', '/__admin/ui/', '/__admin/reset', '/__admin/jobs/x'])
      expect((await get(path, '192.0.2.10')).status, path).toBe(403)
    // Health checks come from anywhere; vendor APIs are not the admin API.
    expect((await get('/__admin/health', '10.1.2.3')).status).toBe(200)
    expect((await get('/airweave/nothing', '10.1.2.3')).status).toBe(404)
    expect((await fake.request('/__admin/fixtures')).status).toBe(200)
  })

  test('with a token, every client needs it, wherever it is; /health is open', async () => {
    const fake = await createFake({ adminToken: 't0ken' })
    const get = (path: string, address: string, headers: Record<string, string> = {}) =>
      fake.app.fetch(new Request(`http://fake${path}`, { headers }), from(address))
    const bearer = { authorization: 'Bearer t0ken' }
    expect((await get('/__admin/health', '10.1.2.3')).status).toBe(200)
    expect((await get('/__admin/fixtures', '127.0.0.1')).status).toBe(401)
    expect((await get('/__admin/fixtures', '10.1.2.3', bearer)).status).toBe(200)
    expect((await fake.request('/__admin/fixtures')).status).toBe(401)
    // ?token= is for the event stream (EventSource sends no headers) and the UI only.
    expect((await get('/__admin/fixtures?token=t0ken', '127.0.0.1')).status).toBe(401)
    const events = await get('/__admin/events?token=t0ken', '10.1.2.3')
    expect(events.status).toBe(200)
    await events.body?.cancel()
    expect((await get('/__admin/events?token=wrong', '127.0.0.1')).status).toBe(401)
  })

  test('the UI takes the token once: ?token= sets a cookie its own files are fetched with', async () => {
    const fake = await createFake({ adminToken: 't0ken' })
    expect((await fake.request('/__admin/ui/')).status).toBe(401)
    const page = await fake.request('/__admin/ui/?token=t0ken')
    expect(page.status).toBe(200)
    const cookie = page.headers.get('set-cookie')!
    expect(cookie).toMatch(/^jobfake_admin=t0ken; Path=\/__admin\/ui\/; HttpOnly; SameSite=Strict/)
    const headers = { cookie: cookie.split(';')[0]! }
    expect((await fake.request('/__admin/ui/app.js', { headers })).status).toBe(200)
    expect((await fake.request('/__admin/ui/app.js')).status).toBe(401)
    // The cookie opens the UI's files, not the API.
    expect((await fake.request('/__admin/jobs', { headers })).status).toBe(401)
    expect(
      (await fake.request('/__admin/ui/', { headers: { cookie: 'jobfake_admin=nope' } })).status,
    ).toBe(401)
  })

  test('isLoopback knows 127.0.0.0/8 and ::1, in both families', () => {
    expect(['127.0.0.1', '127.255.0.1', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true)
    expect(['10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '128.0.0.1'].some(isLoopback)).toBe(false)
  })

  test('the CLI takes the token from JOBFAKE_ADMIN_TOKEN and links the UI in its banner', async () => {
    const cli = new URL('../../../dist/cli.js', import.meta.url).pathname
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--log', 'off'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, JOBFAKE_ADMIN_TOKEN: 'from-env' },
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    const exited = new Promise((resolve) => child.on('exit', resolve))
    const url = await new Promise<string>((resolve) =>
      child.stdout.on('data', () => {
        const found = /listening on (http:\/\/\S+)/.exec(output)
        if (found) resolve(found[1]!)
      }),
    )
    expect(output).toContain(`web UI at ${url}/__admin/ui/?token=<admin token>`)
    expect(output).not.toContain('from-env')
    expect((await fetch(`${url}/__admin/health`)).status).toBe(200)
    expect((await fetch(`${url}/__admin/jobs`)).status).toBe(401)
    const headers = { authorization: 'Bearer from-env' }
    expect((await fetch(`${url}/__admin/jobs`, { headers })).status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
