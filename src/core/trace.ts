import { isShared } from './data.js'

/**
 * One thing a machine's guard, delay or assigner learnt about its job while a transition ran:
 * an operation on the object at `path` (below `context` or `event`) and what it answered.
 * `get` answers the value, or OBJECT / ARRAY for objects read further, or a shared object itself
 * (see shareData: its identity answers for what is inside it); `is` answers an object's identity
 * (one that ended up in the new context whole).
 */
export interface Read {
  path: readonly PropertyKey[]
  op: 'get' | 'has' | 'desc' | 'keys' | 'proto' | 'ext' | 'is'
  key?: PropertyKey
  value: unknown
}

export const OBJECT = Symbol('object')
export const ARRAY = Symbol('array')
/** Where a path leads nowhere: it equals no recorded answer. */
export const MISSING = Symbol('missing')
/** What a read of a property an object does not have answers (unlike one that holds undefined). */
export const ABSENT = Symbol('absent')

export const isObject = (v: unknown): v is object =>
  (typeof v === 'object' && v !== null) || typeof v === 'function'
/**
 * What a read of a value answers: primitives, functions and shared data as they are, other
 * objects by their kind.
 */
export const kindOf = (v: unknown) =>
  typeof v === 'object' && v !== null ? (isShared(v) ? v : Array.isArray(v) ? ARRAY : OBJECT) : v
const keysOf = (o: object) =>
  Reflect.ownKeys(o)
    .map((k) => (typeof k === 'symbol' ? `@${String(k)}` : `:${k}`))
    .join('\u0000')
/** A descriptor as one string: its flags, and its value as a read would answer it. */
const descOf = (d: PropertyDescriptor | undefined) => {
  if (d === undefined) return undefined
  const flags = `${d.enumerable ? 'e' : ''}${d.configurable ? 'c' : ''}${d.writable ? 'w' : ''}`
  if (d.get || d.set) return `${flags}|accessor`
  return isObject(d.value) ? `${flags}|object` : `${flags}|${typeof d.value}:${String(d.value)}`
}

/**
 * What a read of `o[key]` answers: the value's kind, or ABSENT, so that one read answers both
 * `key in o` and `o[key]` (arrays are read with both, element by element).
 */
const got = (o: object, key: PropertyKey) => {
  const value = (o as Record<PropertyKey, unknown>)[key]
  return value === undefined && !(key in o) ? ABSENT : kindOf(value)
}

/** An array index as a number: the same property, read faster when checked against other jobs. */
const keyOf = (target: object, key: PropertyKey): PropertyKey => {
  if (typeof key !== 'string' || !Array.isArray(target)) return key
  const n = Number(key)
  return Number.isInteger(n) && n >= 0 && String(n) === key ? n : key
}

/** What is at `path` in a job's context or event (MISSING where the path breaks off). */
export function locate(path: readonly PropertyKey[], context: unknown, event: unknown): unknown {
  let at: unknown = path[0] === 'context' ? context : event
  for (let i = 1; i < path.length; i++) {
    if (!isObject(at)) return MISSING
    at = (at as Record<PropertyKey, unknown>)[path[i]!]
  }
  return at
}

/**
 * The answer a read would get of `at`, the object at its path in another job (see locate): how a
 * recorded trace is checked against that job.
 */
export function answer(read: Read, at: unknown): unknown {
  if (!isObject(at)) return MISSING
  const o = at as Record<PropertyKey, unknown>
  switch (read.op) {
    case 'get':
      return got(o, read.key!)
    case 'has':
      return read.key! in o
    case 'desc':
      return descOf(Reflect.getOwnPropertyDescriptor(o, read.key!))
    case 'keys':
      return keysOf(o)
    case 'proto':
      return Object.getPrototypeOf(o)
    case 'ext':
      return Object.isExtensible(o)
    case 'is':
      return o
  }
}

// One array each, so that every read of the same object shares its path (see TransitionMemo.find).
const CONTEXT: readonly PropertyKey[] = ['context']
const EVENT: readonly PropertyKey[] = ['event']

const proxies = new WeakMap<object, { target: object; path: readonly PropertyKey[] }>()

/**
 * Watches what user code reads of a transition's context and event, through proxies, so that
 * the transition can be replayed for any job that would read the same. `cacheable` turns false
 * when the code does something a replay could not repeat (writes to its input, reads the actor).
 */
export class Recorder {
  reads: Read[] = []
  /** The context keys its assigners set, in the order first set. */
  assigned: string[] = []
  cacheable = true
  private seen = new Map<object, object>()
  /** Reads already noted: the same read again answers the same, and needs no second check. */
  private noted = new Set<string>()

  constructor(
    private readonly context: Record<PropertyKey, unknown>,
    private readonly event: object,
  ) {}

  /** The arguments a guard, delay or assigner gets, with its context and event watched. */
  args(args: Record<string, unknown>): Record<string, unknown> {
    const recorder = this
    return {
      context: this.root(args.context as Record<PropertyKey, unknown>),
      // Events raised inside the transition follow from what it read before.
      event: args.event === this.event ? this.wrap(this.event, EVENT) : args.event,
      get self() {
        return ((recorder.cacheable = false), args.self)
      },
      get system() {
        return ((recorder.cacheable = false), args.system)
      },
      get spawn() {
        return ((recorder.cacheable = false), args.spawn)
      },
    }
  }

  /** Notes the keys a partial context sets (what xstate's assign copies into the context). */
  assigns(partial: unknown): void {
    if (!isObject(partial)) return
    if (Object.getOwnPropertySymbols(partial).length > 0) this.cacheable = false
    for (const key of Object.keys(partial)) {
      // Assigned, "__proto__" sets the prototype: not data a replay could write.
      if (key === '__proto__') this.cacheable = false
      if (!this.assigned.includes(key)) this.assigned.push(key)
    }
  }

  /** A value user code returned, its proxies replaced by what they stand for (noted as `is`). */
  unwrap(value: unknown, visiting = new Set<object>()): unknown {
    if (!isObject(value) || visiting.has(value)) return value
    const proxy = proxies.get(value)
    if (proxy) {
      this.reads.push({ path: proxy.path, op: 'is', value: proxy.target })
      return proxy.target
    }
    const proto = Object.getPrototypeOf(value)
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      this.cacheable = false
      return value
    }
    visiting.add(value)
    const o = value as Record<PropertyKey, unknown>
    for (const key of Object.keys(o)) {
      const inner = this.unwrap(o[key], visiting)
      if (inner !== o[key]) o[key] = inner
    }
    return value
  }

  /**
   * The context as user code sees it. After an assign, context is a new object: what it got
   * from this transition's own writes follows from earlier reads, so only what it still shares
   * with the job's context is a dependency.
   */
  private root(context: Record<PropertyKey, unknown>) {
    if (context === this.context) return this.wrap(context, CONTEXT)
    const base = this.context
    // Shared with the job's context: same value, and present in both or in neither.
    const shared = (target: object, key: PropertyKey) =>
      Reflect.get(target, key) === base[key] && key in target === key in base
    const proxy = new Proxy(context, {
      get: (target, key) =>
        shared(target, key) ? this.read(base, CONTEXT, key) : Reflect.get(target, key),
      has: (target, key) => (shared(target, key) ? this.has(base, CONTEXT, key) : key in target),
      ownKeys: (target) => {
        // The keys after an assign are the job's keys and the assigned ones.
        this.note(CONTEXT, 'keys', undefined, keysOf(base))
        return Reflect.ownKeys(target)
      },
      set: (target, key, value) => ((this.cacheable = false), Reflect.set(target, key, value)),
      deleteProperty: (target, key) => (
        (this.cacheable = false),
        Reflect.deleteProperty(target, key)
      ),
      defineProperty: (target, key, d) => (
        (this.cacheable = false),
        Reflect.defineProperty(target, key, d)
      ),
    })
    proxies.set(proxy, { target: context, path: CONTEXT })
    return proxy
  }

  private note(
    path: readonly PropertyKey[],
    op: Read['op'],
    key: PropertyKey | undefined,
    value: unknown,
  ) {
    const id = [...path, op, key]
      .map((k) => (typeof k === 'symbol' ? `@${String(k)}` : `:${String(k)}`))
      .join('\u0000')
    if (this.noted.has(id)) return
    this.noted.add(id)
    this.reads.push(key === undefined ? { path, op, value } : { path, op, key, value })
  }

  private has(target: object, path: readonly PropertyKey[], name: PropertyKey) {
    const key = keyOf(target, name)
    const value = key in target
    const d = Reflect.getOwnPropertyDescriptor(target, key)
    // An own data property, or none at all, is noted as read: the answer says whether it is there.
    // Anything else might run a getter to be read, so it is noted as asked.
    if (d ? d.get || d.set : value) this.note(path, 'has', key, value)
    else this.note(path, 'get', key, got(target, key))
    return value
  }

  /** The watched read of `target[key]`: objects come back watched in turn. */
  private read(target: object, path: readonly PropertyKey[], name: PropertyKey): unknown {
    const key = keyOf(target, name)
    const d = Reflect.getOwnPropertyDescriptor(target, key)
    // A getter runs as plain code would run it, once; a replay could not run it.
    if (d?.get || d?.set) this.cacheable = false
    const value = Reflect.get(target, key)
    // Shared data cannot change: its identity is all a replay needs to match.
    if (isShared(value)) {
      this.note(path, 'get', key, value)
      return value
    }
    if (isObject(value) && d && !d.configurable && !d.writable) {
      // A frozen property must be answered as it is: its identity is the dependency.
      this.note([...path, key], 'is', undefined, value)
      return value
    }
    this.note(path, 'get', key, value === undefined && !(key in target) ? ABSENT : kindOf(value))
    return typeof value === 'object' && value !== null ? this.wrap(value, [...path, key]) : value
  }

  /** A watched view of `target`, found at `path`. */
  private wrap(target: object, path: readonly PropertyKey[]): unknown {
    const known = this.seen.get(target)
    if (known) {
      // One object reached by two paths: a replay could not tell them apart.
      const seenAt = proxies.get(known)!.path
      if (seenAt.length !== path.length || seenAt.some((k, i) => k !== path[i]))
        this.cacheable = false
      return known
    }
    const recorder = this
    const proxy = new Proxy(target, {
      get: (t, k) => recorder.read(t, path, k),
      has: (t, k) => recorder.has(t, path, k),
      ownKeys: (t) => (recorder.note(path, 'keys', undefined, keysOf(t)), Reflect.ownKeys(t)),
      getOwnPropertyDescriptor(t, name) {
        const k = keyOf(t, name)
        const d = Reflect.getOwnPropertyDescriptor(t, k)
        recorder.note(path, 'desc', k, descOf(d))
        if (!d || !('value' in d) || typeof d.value !== 'object' || d.value === null) return d
        if (d.configurable) return { ...d, value: recorder.wrap(d.value, [...path, k]) }
        recorder.note([...path, k], 'is', undefined, d.value)
        return d
      },
      getPrototypeOf: (t) => {
        const proto = Object.getPrototypeOf(t)
        recorder.note(path, 'proto', undefined, proto)
        return proto
      },
      isExtensible: (t) => {
        const ext = Object.isExtensible(t)
        recorder.note(path, 'ext', undefined, ext)
        return ext
      },
      set: (t, k, v) => ((recorder.cacheable = false), Reflect.set(t, k, v)),
      deleteProperty: (t, k) => ((recorder.cacheable = false), Reflect.deleteProperty(t, k)),
      defineProperty: (t, k, d) => ((recorder.cacheable = false), Reflect.defineProperty(t, k, d)),
      preventExtensions: (t) => ((recorder.cacheable = false), Reflect.preventExtensions(t)),
      setPrototypeOf: (t, p) => ((recorder.cacheable = false), Reflect.setPrototypeOf(t, p)),
    })
    proxies.set(proxy, { target, path })
    this.seen.set(target, proxy)
    return proxy
  }
}
