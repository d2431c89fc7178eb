import type { Fake } from '../../src/index.js'

/**
 * Calls on one session of a shared fake, admin and vendor APIs alike, with a job starter for
 * each of the three vendors that have no webhooks of their own.
 *
 * @example
 * const s = onSession(fake, fixtures, 'feed-1')
 * await s.start.chroma()
 */
export function onSession(fake: Fake, f: any, session: string) {
  const send = async (method: string, path: string, body?: unknown, headers = {}) => {
    const res = await fake.request(path, {
      method,
      headers: { 'content-type': 'application/json', 'x-jobfake-session': session, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: res.status, body: res.status === 204 ? null : await res.json() }
  }
  const peaka = { authorization: `Bearer ${f.peaka.partnerKey}` }
  return {
    send,
    subscribe: async (body: object) => (await send('POST', '/__admin/webhooks', body)).body,
    /** Moves the clock through the admin API, which answers once deliveries are made. */
    advance: (by: string) => send('POST', '/__admin/clock/advance', { by }),
    start: {
      peaka: () =>
        send(
          'POST',
          `/peaka/api/v1/data/projects/${f.peaka.projectIds[0]}/cache`,
          f.peaka.tables[0],
          peaka,
        ),
      chroma: () =>
        send(
          'POST',
          `/chroma/api/v1/sources/${f.chroma.sourceIds[0]}/invocations`,
          {},
          {
            'x-chroma-token': f.chroma.token,
          },
        ),
      akua: () =>
        send(
          'POST',
          '/akua/v1/clusters',
          { name: 'hooked', region_id: f.akua.regionIds[0] },
          {
            authorization: `Bearer ${f.akua.token}`,
          },
        ),
    },
  }
}
