import { fail } from '../../vendor/errors.js'
import { errors } from './errors.js'

const encode = (id: string) => Buffer.from(`c:${id}`).toString('base64url')
const decode = (cursor: string) => {
  const match = /^c:(.+)$/.exec(Buffer.from(cursor, 'base64url').toString())
  return match ? match[1]! : fail(errors.badCursor())
}

/**
 * One page of Akua's `{data, has_more, next_cursor}`, newest first: the cursor is opaque and
 * names the last item given, so a page stays put while newer items arrive.
 *
 * @example
 * page(clusters, (c) => c.id, query, present)
 */
export function page<T>(
  oldestFirst: T[],
  idOf: (item: T) => string,
  query: Record<string, unknown>,
  present: (item: T) => unknown,
) {
  const items = [...oldestFirst].reverse()
  let start = 0
  if (query.cursor !== undefined) {
    const after = decode(String(query.cursor))
    start = items.findIndex((item) => idOf(item) === after) + 1
    if (start === 0) fail(errors.badCursor())
  }
  const limit = Number(query.limit ?? 50)
  const slice = items.slice(start, start + limit)
  const hasMore = start + limit < items.length
  return {
    data: slice.map(present),
    has_more: hasMore,
    next_cursor: hasMore ? encode(idOf(slice[slice.length - 1]!)) : null,
  }
}
