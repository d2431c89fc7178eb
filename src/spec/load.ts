import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { createRequire } from 'node:module'
import { SPEC_CACHE } from '../paths.js'
import { remembered } from './remembered.js'

/** A loaded OpenAPI document, its version family and a hash of the text it came from. */
export interface SpecDocument {
  file: string
  name: string
  version: '3.0' | '3.1'
  hash: string
  doc: Record<string, unknown>
}

/** A spec that cannot be served: names the file and the JSON pointer at fault. */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    readonly pointer: string,
    problem: string,
  ) {
    super(`[jobfake] ${file}${pointer ? ` at ${pointer}` : ''}: ${problem}`)
    this.name = 'SpecError'
  }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1')
const unescapePointer = (part: string) => part.replace(/~1/g, '/').replace(/~0/g, '~')

// yaml is loaded only for a document the build has not cached: importing it costs ~30 ms of start-
// up.
const parseYaml = (text: string): unknown =>
  (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text)

function readCached(hash: string): unknown {
  try {
    return JSON.parse(readFileSync(new URL(`${hash}.json`, SPEC_CACHE), 'utf8'))
  } catch {
    return undefined
  }
}

/** Follows a local JSON pointer ("#/components/schemas/Job") inside a document. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined
  let node: unknown = doc
  // A pointer in a URI fragment may be percent-encoded (bundlers write "%7Bid%7D").
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part)
    } catch {
      return part
    }
  }
  for (const part of ref.slice(1).split('/').slice(1).map(decode).map(unescapePointer)) {
    if (node === null || typeof node !== 'object' || !(part in node)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

/** Every `$ref` in a document with the pointer where it stands. */
export function* refsOf(node: unknown, pointer = '#'): Generator<[string, string]> {
  if (node === null || typeof node !== 'object') return
  for (const [key, value] of Object.entries(node)) {
    const here = `${pointer}/${escapePointer(key)}`
    if (key === '$ref' && typeof value === 'string') yield [value, pointer]
    else yield* refsOf(value, here)
  }
}

/**
 * The `$ref`s in a node, in document order, without the pointer where each stands: what a walk
 * over refs needs, at a fraction of refsOf's cost (no pointer text, no generators).
 */
export function refsIn(node: unknown, into: string[] = []): string[] {
  if (node === null || typeof node !== 'object') return into
  const record = node as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const value = record[key]
    if (key === '$ref' && typeof value === 'string') into.push(value)
    else refsIn(value, into)
  }
  return into
}

/** Lists the `$ref`s that point nowhere, as "pointer → target". */
export function danglingRefs(doc: unknown): string[] {
  const dangling: string[] = []
  for (const [ref, at] of refsOf(doc)) {
    if (resolvePointer(doc, ref) === undefined) dangling.push(`${at.slice(1)}/$ref → ${ref}`)
  }
  return dangling
}

/**
 * Reads an OpenAPI 3.0 or 3.1 document from YAML or JSON and checks that it can be served:
 * a version jobfake knows and no `$ref` that points nowhere (unless `lenient`).
 *
 * @example
 * const spec = loadSpec('specs/airweave.yaml')
 * spec.version // '3.1'
 */
export function loadSpec(file: string, { lenient = false } = {}): SpecDocument {
  return parseSpec(readSpec(file), { lenient })
}

/** A document's text as read, and its content hash: what is known of it before it is parsed. */
export interface SpecText {
  file: string
  text: string
  hash: string
}

export function readSpec(file: string): SpecText {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new SpecError(file, '', `cannot be read (${(error as Error).message}).`)
  }
  return { file, text, hash: createHash('sha256').update(text).digest('hex') }
}

/** loadSpec of a text already read (see readSpec). */
export function parseSpec({ file, text, hash }: SpecText, { lenient = false } = {}): SpecDocument {
  let doc: unknown
  let cached: unknown
  try {
    // The build keeps a JSON copy of each project spec, by content hash: YAML parsing costs ~40 ms
    // a spec.
    cached = readCached(hash)
    doc = cached ?? (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text))
  } catch (error) {
    throw new SpecError(
      file,
      '',
      `is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
    )
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SpecError(file, '', 'is not an OpenAPI document (expected an object at the top).')
  }
  const record = doc as Record<string, unknown>
  const declared = String(record.openapi ?? '')
  const version = declared.startsWith('3.0')
    ? '3.0'
    : declared.startsWith('3.1')
      ? '3.1'
      : undefined
  if (!version) {
    throw new SpecError(
      file,
      '/openapi',
      `version "${declared}" is not supported. Use OpenAPI 3.0.x or 3.1.x.`,
    )
  }
  // A document the build cached, or one a previous run checked, has been scanned (Akua's: ~50 ms):
  // one with refs that point nowhere again only to name them when it is not served leniently.
  const known = cached === undefined ? remembered(hash) : { dangling: 0 }
  const scan = known === undefined || (known.dangling !== 0 && !lenient)
  const dangling = scan ? danglingRefs(doc) : []
  if (dangling.length > 0 && !lenient) {
    throw new SpecError(
      file,
      dangling[0]!.split(' → ')[0]!,
      `$ref points nowhere (${dangling.join('; ')}). Fix the reference, or serve with --lenient to serve it without validating what the reference stands for.`,
    )
  }
  const name = basename(file).replace(/\.(ya?ml|json)$/, '')
  return { file, name, version, hash, doc: record }
}
