/** A value now, or a promise of it. */
export type Maybe<T> = T | Promise<T>

/**
 * Work written as a generator that yields whatever it would await: `const reply = yield route(…)`.
 * `settle` runs it, and only what is really a promise is waited for (issue 18).
 */
export type Steps<T> = Generator<unknown, T, unknown>

const isPromise = (value: unknown): value is PromiseLike<unknown> =>
  value instanceof Promise ||
  (typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function')

/**
 * Runs steps to their end, at once when nothing they yield is a promise. An `await` costs a trip
 * through the microtask queue even for a value at hand, and an async handler sends
 * @hono/node-server down its promise path: on the request path, which mostly awaits nothing,
 * that was 15 % of what a poll allocated (issue 18). A rejection is thrown into the steps where
 * they yielded.
 *
 * @example
 * function* read(): Steps<number> {
 *   const text = (yield maybeFetched()) as string
 *   return text.length
 * }
 * const length = settle(read()) // a number, or a promise of one
 */
export function settle<T>(steps: Steps<T>): Maybe<T> {
  return resume(steps, false, undefined)
}

function resume<T>(steps: Steps<T>, failed: boolean, sent: unknown): Maybe<T> {
  for (;;) {
    const step = failed ? steps.throw(sent) : steps.next(sent)
    if (step.done) return step.value
    if (isPromise(step.value)) {
      return Promise.resolve(step.value).then(
        (value) => resume(steps, false, value),
        (error: unknown) => resume(steps, true, error),
      )
    }
    failed = false
    sent = step.value
  }
}

/** `next(value)`, at once when the value is at hand, else when its promise resolves. */
export function after<T, U>(value: Maybe<T>, next: (value: T) => Maybe<U>): Maybe<U> {
  return value instanceof Promise ? value.then(next) : next(value)
}
