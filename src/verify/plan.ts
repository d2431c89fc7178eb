/**
 * What a request does to the account it is sent to: `read` changes nothing, `probe` acts on an id
 * that does not exist (so it cannot change anything either), `write` starts, cancels or removes
 * something. Writes are sent only with `--allow-writes`.
 */
export type Effect = 'read' | 'probe' | 'write'

/** A value a plan needs from the user: a credential, or a resource of the account to act on. */
export interface Need {
  /** The flag that gives it, without the dashes: `api-key`. */
  flag: string
  /** The environment variable read when the flag is absent. */
  env: string
  about: string
  /** Never printed or written as is (credentials). */
  secret?: boolean
  /** Needed only by requests that write (what `start` acts on): not by the probes. */
  writesOnly?: boolean
}

/**
 * Values by name: what the needs gave, `job` (the id of the job a lifecycle started) and `suffix`
 * (a fresh word for the names of what a lifecycle creates).
 */
export type Values = Record<string, string>

/** One request of a plan, below the base URL. */
export interface Call {
  /** The operation in the project's spec (`specs/<vendor>.yaml`): how recordings name it too. */
  operation: string
  method: string
  /** The spec's path template; each `{name}` is filled from the values. */
  path: string
  query?: Record<string, string>
  /** The path parameter that carries the job's id (filled with a fresh id in probes). */
  job?: string
  body?: (values: Values) => unknown
  headers?: (values: Values) => Record<string, string>
  effect: Effect
}

/** A job as an answer shows it: its id, and its state in the words of the vendor's machine. */
export interface Seen {
  id: string
  state: string
  /** The error the service reports for it, when it failed or was cancelled. */
  error?: string
}

/**
 * A job as an answer shows it, from whatever the wire has: `id` and `state` as text, and `error`
 * when it is text.
 *
 * @example
 * seenAs(op.id, op.state, op.error?.message)
 */
export const seenAs = (id: unknown, state: unknown, error?: unknown): Seen => ({
  id: String(id),
  state: String(state),
  ...(typeof error === 'string' ? { error } : {}),
})

/**
 * How a recorded interval sets one of the scenario's delays: from the moment a job entered a state
 * (`cancel`: the moment a cancel was sent) to the moment it entered one of `to`.
 */
export interface DelayRule {
  delay: string
  from: string | 'cancel'
  to: string[]
  /** Divides the interval (Akua: the run is so many steps of `step` each). */
  per?: (answer: unknown) => number
}

/**
 * A vendor's lifecycles as data: which requests start, read and cancel one of its jobs, what
 * they answer, and what they need from the user. `verify` replays it; `import-har` reads
 * recordings with it.
 */
export interface Plan {
  vendor: string
  /** The job kind (a key of the vendor's `jobs`) whose machine says which state may follow which. */
  kind: string
  needs: Record<string, Need>
  /** The headers that carry the credential. */
  auth(values: Values): Record<string, string>
  start: Call & { id(answer: unknown): string | undefined }
  poll: Call
  cancel: Call
  /** Requests on an id that does not exist. */
  missing: Call[]
  /** Removes what `start` created (Peaka's cache), after each lifecycle that started a job. */
  cleanup?: Call
  /** A fresh id that no job has: for the probes. */
  freshId(): string
  /** Every job an answer shows. */
  seen(answer: unknown): Seen[]
  status: { start: number; poll: number; cancel: number; refusal: number; missing: number }
  /** The states a lifecycle waits for, in the machine's words. */
  states: { cancelable: string[]; cancelled: string[]; completed: string[] }
  delays: DelayRule[]
  /** What its writes leave on the account, in a sentence for `verify --help`. */
  leaves: string
}

export type Wait = keyof Plan['states']

/** One step of a lifecycle. */
export type Step =
  | { kind: 'start' }
  | { kind: 'poll'; until: Wait }
  | { kind: 'cancel'; expect: 'accepted' | 'refused' }
  | { kind: 'missing' }

/**
 * The lifecycles every vendor runs, as data. `cleanup` (when the plan has one) follows each that
 * starts a job.
 *
 * @example
 * LIFECYCLES.cancel.steps[0] // { kind: 'start' }
 */
export const LIFECYCLES: Record<string, { about: string; steps: Step[] }> = {
  cancel: {
    about:
      'start a job, poll until it may be cancelled, cancel it, poll until it is cancelled, cancel it again (refused)',
    steps: [
      { kind: 'start' },
      { kind: 'poll', until: 'cancelable' },
      { kind: 'cancel', expect: 'accepted' },
      { kind: 'poll', until: 'cancelled' },
      { kind: 'cancel', expect: 'refused' },
    ],
  },
  complete: {
    about: 'start a job, poll until it completes, cancel it (refused)',
    steps: [
      { kind: 'start' },
      { kind: 'poll', until: 'completed' },
      { kind: 'cancel', expect: 'refused' },
    ],
  },
  'not-found': {
    about: 'read and cancel jobs that do not exist (404)',
    steps: [{ kind: 'missing' }],
  },
}
