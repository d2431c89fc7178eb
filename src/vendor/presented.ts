import type { Job } from '../core/jobs.js'

interface Slot {
  present: Function
  revision: number
  now: number
  value: unknown
}

// One slot per job: a job is mostly shown one way (its poll); another presenter takes the slot.
const slots = new WeakMap<Job, Slot>()
// The JSON text of what `presented` gave, written out the first time it is sent.
const texts = new WeakMap<object, string>()

/**
 * What `present(job, now)` gives, kept until the job changes (its revision) or the clock moves:
 * a poll of a job that has not changed is answered with the same object, whose JSON text the
 * pipeline writes out once (see textOf). A presenter must read nothing but the job and `now`;
 * what it gives is frozen at its top, and nobody may change what is below.
 *
 * @example
 * return { status: 200, body: presented(presentJob, job, ctx.now()) }
 */
export function presented<J extends Job, T>(
  present: (job: J, now: number) => T,
  job: J,
  now = 0,
): T {
  const slot = slots.get(job)
  if (slot && slot.present === present && slot.revision === job.revision && slot.now === now)
    return slot.value as T
  const value = present(job, now)
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value)
    texts.set(value, '')
  }
  slots.set(job, { present, revision: job.revision, now, value })
  return value
}

/**
 * A JSON body as text: a presented one (or a list of them) is written out once; others every
 * time.
 */
export function textOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return JSON.stringify(body)
  const known = texts.get(body)
  if (known) return known
  if (known === '') {
    const text = JSON.stringify(body)
    texts.set(body, text)
    return text
  }
  // A list of presented items: their texts joined, as JSON.stringify would write them.
  if (Array.isArray(body) && body.length > 0 && body.every((item) => texts.has(item)))
    return listText(body)
  return JSON.stringify(body)
}

// The list written out last, and its text: a poll of a list that has not changed gets the very
// same string, which the response check then knows without comparing it character by character.
let lastItems: readonly object[] = []
let lastText = ''

function listText(items: readonly object[]): string {
  if (items.length === lastItems.length && items.every((item, i) => item === lastItems[i]))
    return lastText
  lastItems = items
  lastText = `[${items.map(textOf).join(',')}]`
  return lastText
}
