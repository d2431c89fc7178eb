import { akua as fakeAkua } from './akua.case.js'

/**
 * An Akua fake (every answer checked against specs/akua.yaml and against Akua's own document)
 * with the calls the operation routes' tests make most: start a cluster.create, read, cancel.
 */
export async function akua(options = {}) {
  const a = await fakeAkua(options)
  const create = (
    headers: Record<string, string> = {},
    body: unknown = { name: 'staging', region_id: a.f.regionIds[0] },
  ) => a.call('POST', '/clusters', { headers, body })
  const get = (id: string, headers: Record<string, string> = {}) =>
    a.call('GET', `/operations/${id}`, { headers })
  const cancel = (id: string, headers: Record<string, string> = {}) =>
    a.call('POST', `/operations/${id}:cancel`, { headers })
  return { ...a, create, get, cancel }
}
