import {
  closeSync,
  existsSync,
  fdatasyncSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs'
import { writeAtomicSync } from './atomic.js'
import type { SessionSnapshot } from '../core/session.js'
import type { SessionStore } from '../core/sessions.js'

const FORMAT = 'jobfake-state/1'

/** A line of the state file: a session as it stood after an answered change, or its removal. */
type Line = { session: SessionSnapshot } | { gone: string }

export interface StateFileOptions {
  /** Rewrite the file compactly once this many bytes were appended since the last rewrite. */
  compactAfter?: number
}

/** Reads a state file: the last line of each session wins; a torn last line is a write that was never answered. */
function readLines(path: string): Map<string, SessionSnapshot> {
  const sessions = new Map<string, SessionSnapshot>()
  const text = readFileSync(path, 'utf8')
  const lines = text.split('\n')
  const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines
  const header = safeParse(complete[0] ?? '') as { format?: string } | undefined
  if (header?.format !== FORMAT) {
    throw new Error(
      `[jobfake] ${path} is not a jobfake state file (its first line should say {"format":"${FORMAT}"}). Move it away or name another --state-file.`,
    )
  }
  complete.slice(1).forEach((raw, i) => {
    const line = safeParse(raw) as Line | undefined
    const last = i === complete.length - 2 && !text.endsWith('\n')
    if (
      line === undefined ||
      !(('session' in line && line.session?.format === 'jobfake-session/1') || 'gone' in line)
    ) {
      if (last) return
      throw new Error(
        `[jobfake] ${path}:${i + 2} is not a session line of a jobfake state file; the file is damaged.`,
      )
    }
    if ('gone' in line) sessions.delete(line.gone)
    else sessions.set(line.session.name, line.session)
  })
  return sessions
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * The `--state-file`: a write-ahead log of sessions, one JSON line per session after each answered
 * change, made durable (fdatasync) before the answer goes out. Changes that arrive together share
 * one write and one sync (group commit). Once it has grown, the file is rewritten with one line a
 * session, atomically (temporary file, fsync, rename), so `kill -9` at any moment leaves a file
 * that loads.
 *
 * @example
 * const store = openStateFile('.jobfake-state.jsonl')
 * createSessions({ ...options, store })
 */
export function openStateFile(
  path: string,
  { compactAfter = 16 * 1024 * 1024 }: StateFileOptions = {},
): SessionStore {
  const loaded = existsSync(path) ? readLines(path) : new Map<string, SessionSnapshot>()
  let fd = -1
  let appended = 0
  const header = `${JSON.stringify({ format: FORMAT })}\n`
  const open = () => {
    fd = openSync(path, 'a')
    if (statSync(path).size === 0) writeSync(fd, header)
  }
  open()

  let pending = new Map<string, () => SessionSnapshot | undefined>()
  let waiters: Array<() => void> = []
  let scheduled = false
  let latest = loaded
  let snapshotAll: () => SessionSnapshot[] = () => [...latest.values()]

  const flush = () => {
    scheduled = false
    const batch = pending
    const done = waiters
    pending = new Map()
    waiters = []
    let text = ''
    for (const [name, take] of batch) {
      const snapshot = take()
      text += `${JSON.stringify(snapshot ? { session: snapshot } : { gone: name })}\n`
    }
    if (text) {
      writeSync(fd, text)
      fdatasyncSync(fd)
      appended += Buffer.byteLength(text)
    }
    for (const resolve of done) resolve()
    if (appended > compactAfter) compact()
  }

  // Rewrites the file with one line a session, so it does not grow without bound.
  const compact = () => {
    const text =
      header +
      snapshotAll()
        .map((s) => `${JSON.stringify({ session: s })}\n`)
        .join('')
    writeAtomicSync(path, text, { fsync: true })
    closeSync(fd)
    open()
    appended = 0
  }

  return {
    load: () => [...loaded.values()],
    save(name, take) {
      pending.set(name, take)
      const written = new Promise<void>((resolve) => waiters.push(resolve))
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
      return written
    },
    all(take) {
      snapshotAll = take
    },
    // A clean shutdown writes every session as it stands, changes made without a request included.
    close() {
      if (fd < 0) return
      if (scheduled) flush()
      compact()
      closeSync(fd)
      fd = -1
    },
  }
}
