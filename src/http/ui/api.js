// The admin API as the page calls it: the chosen session and the token on every call.

const TOKEN = 'jobfake.token'
const SESSION = 'jobfake.session'
const BASE = new URL('../', import.meta.url).pathname.replace(/\/$/, '')
const TYPES = ['ready', 'resync', 'request', 'job', 'record', 'clock', 'reset']

/** An admin call that failed: the status and the admin API's `{error, message}`. */
export class AdminError extends Error {
  constructor(status, body) {
    super(body?.message ?? `[jobfake] The admin API answered ${status}.`)
    this.status = status
    this.body = body
  }
}

/**
 * The page's client of the admin API. The token is taken once from `?token=` (then kept in
 * sessionStorage and dropped from the address bar) and sent as `Authorization: Bearer`.
 *
 * @example
 * const api = createApi()
 * const jobs = await api.get('/jobs?vendor=airweave')
 */
export function createApi() {
  const url = new URL(location.href)
  const given = url.searchParams.get('token')
  if (given) {
    sessionStorage.setItem(TOKEN, given)
    url.searchParams.delete('token')
    history.replaceState(null, '', url)
  }
  let session = sessionStorage.getItem(SESSION) ?? 'default'

  async function call(method, path, body) {
    const headers = { 'x-jobfake-session': session }
    const token = sessionStorage.getItem(TOKEN)
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    const data = text ? JSON.parse(text) : undefined
    if (!res.ok) throw new AdminError(res.status, data)
    return data
  }

  return {
    get session() {
      return session
    },
    set session(name) {
      session = name
      sessionStorage.setItem(SESSION, name)
    },
    setToken: (token) => sessionStorage.setItem(TOKEN, token),
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    /**
     * Opens the session's event stream (EventSource sends no headers: session and token go in
     * the query). `onEvent(type, data)`, `onState('live' | 'reconnecting')`; returns the closer.
     */
    stream(onEvent, onState) {
      const query = new URLSearchParams({ session })
      const token = sessionStorage.getItem(TOKEN)
      if (token) query.set('token', token)
      const source = new EventSource(`${BASE}/events?${query}`)
      for (const type of TYPES)
        source.addEventListener(type, (e) => onEvent(type, JSON.parse(e.data)))
      source.onopen = () => onState('live')
      source.onerror = () => onState('reconnecting')
      return () => source.close()
    },
  }
}
