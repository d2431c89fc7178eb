import type { ErrorObject } from 'ajv/dist/2020.js'
import type { Document, LineCounter } from 'yaml'
import { parseDuration } from '../core/duration.js'

export type Path = Array<string | number>

/** The problems found in one scenario file, each placed at its YAML node as file:line:column. */
export class FileCheck {
  problems: string[] = []
  constructor(
    private label: string,
    private doc: Document,
    private lines: LineCounter,
  ) {}

  /** Records a problem at the YAML node of `path` (or its nearest parent that exists). */
  at(path: Path, message: string, key?: string): void {
    let node: unknown
    for (let n = path.length; n >= 0 && !node; n--) node = this.doc.getIn(path.slice(0, n), true)
    let offset = (node as { range?: number[] } | undefined)?.range?.[0] ?? 0
    const items = (node as { items?: Array<{ key?: { value?: unknown; range?: number[] } }> }).items
    const pair = key === undefined ? undefined : items?.find((item) => item.key?.value === key)
    if (pair?.key?.range) offset = pair.key.range[0]!
    const { line, col } = this.lines.linePos(offset)
    this.problems.push(`[jobfake] Failed to load scenario ${this.label}:${line}:${col}: ${message}`)
  }

  ajv(errors: ErrorObject[] | null | undefined, prefix: Path): void {
    for (const error of errors ?? []) {
      const path = [
        ...prefix,
        ...error.instancePath
          .split('/')
          .slice(1)
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      ]
      const where = path.join('.') || 'the file'
      const p = error.params as Record<string, unknown>
      if (error.keyword === 'additionalProperties') {
        this.at(
          path,
          `unknown key "${String(p.additionalProperty)}" in ${where}.`,
          String(p.additionalProperty),
        )
      } else if (error.keyword === 'enum') {
        this.at(path, `${where} must be one of: ${(p.allowedValues as unknown[]).join(', ')}.`)
      } else if (error.keyword === 'required') {
        this.at(path, `${where} needs "${String(p.missingProperty)}".`)
      } else this.at(path, `${where} ${error.message}.`)
    }
  }
}

export const listOr = (names: string[]) => (names.length ? names.join(', ') : '(none)')

/** A duration at `path`, in ms; a problem there when it is not one. */
export function durationAt(check: FileCheck, path: Path, value: unknown): number {
  const ms = parseDuration(value)
  if (ms === undefined) {
    check.at(
      path,
      `${path.join('.')} is not a duration: ${JSON.stringify(value)}. Use "90s", "2m30s", "PT2M30S" or milliseconds.`,
    )
  }
  return ms ?? 0
}
