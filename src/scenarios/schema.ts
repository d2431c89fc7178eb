/** A duration as scenario files write it: "90s", "2m30s", "PT2M30S", or milliseconds. */
const duration = {
  anyOf: [
    { type: 'string', minLength: 1 },
    { type: 'number', minimum: 0 },
  ],
}
const fraction = { type: 'number', minimum: 0, maximum: 1 }
const operation = { type: 'string', minLength: 1 }

const branch = (kind: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  additionalProperties: false,
  required: ['kind', ...required],
  properties: { kind: { const: kind }, ...properties },
})

/** Each kind of outcome, by its `kind`. */
export const outcomeKinds = {
  complete: branch('complete', [], {}),
  fail: branch('fail', ['message'], { at: fraction, message: { type: 'string', minLength: 1 } }),
  stall: branch('stall', [], { at: fraction }),
}

const nth = { type: 'integer', minimum: 1 }

/** Each kind of fault, by its `kind`. */
export const faultKinds = {
  latency: branch('latency', [], { operation, fixed: duration, min: duration, max: duration }),
  error: branch('error', ['status'], {
    operation,
    nth,
    every: nth,
    status: { type: 'integer', minimum: 400, maximum: 599 },
    message: { type: 'string' },
  }),
  'rate-limit': branch('rate-limit', ['limit', 'per'], { operation, limit: nth, per: duration }),
  reset: branch('reset', [], { operation, nth, every: nth }),
}

const tagged = (kinds: object) => ({
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: Object.keys(kinds) } },
})

/**
 * The JSON Schema of a scenario file (`scenarios/<vendor>/<name>.yaml`). A file holds data
 * only. Outcomes and faults are checked here by their `kind`, then against that kind's own
 * schema, so that a mistake is reported once and precisely; names of delays, counters and
 * events are checked against what the vendor declares.
 */
export const scenarioSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    description: { type: 'string' },
    delays: { type: 'object', additionalProperties: duration },
    outcome: tagged(outcomeKinds),
    counters: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
    cancel: {
      type: 'object',
      additionalProperties: false,
      properties: { worker: { enum: ['responsive', 'unresponsive'] }, grace: duration },
    },
    options: { type: 'object' },
    faults: { type: 'array', items: tagged(faultKinds) },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['at', 'event'],
        properties: { at: duration, event: { type: 'string', minLength: 1 } },
      },
    },
  },
}
