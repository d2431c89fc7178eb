// Child processes of a bench script. Each runs under coreutils `timeout` (so that it dies by itself
// even if the script is killed with SIGKILL) and leads its own process group (so that a kill of the
// group reaches all it started: nginx's workers, say). Its output goes to a file in the script's
// temporary folder (so that a chatty server's log neither passes through nor weighs on the script),
// or through pipes when the script reads it as it comes. Every child is stopped on every way out:
// done, an error, Ctrl-C, SIGTERM, SIGHUP, or the script's overall time limit (`guard`).
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const HAS_TIMEOUT = spawnSync('timeout', ['--version'], { stdio: 'ignore' }).status === 0
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
/** f(), or fallback when it throws: for /proc and kill(), where the process may be gone by now. */
export const quietly = (f, fallback) => {
  try {
    return f()
  } catch {
    return fallback
  }
}
const readOr = (path) => quietly(() => readFileSync(path, 'utf8'), '')

const live = new Set()
let TAG = 'bench'
let folder
let launched = 0

/** The tag of the script's messages (`[tag] …`), as set by guard(). */
export const tag = () => TAG

/** The script's temporary folder (logs, configurations), removed on exit. */
export function scratch() {
  folder ??= mkdtempSync(join(tmpdir(), `jobfake-${TAG}-`))
  return folder
}

const killGroup = (child, signal) => {
  for (const pid of [-child.proc.pid, child.proc.pid]) quietly(() => process.kill(pid, signal))
}

/** SIGKILL to every child's group, and the temporary folder removed: what process exit runs. */
export function killAll() {
  for (const child of live) killGroup(child, 'SIGKILL')
  if (folder) quietly(() => rmSync(folder, { recursive: true, force: true }))
}

/** SIGTERM to every child (a clean exit), SIGKILL to what is left after termMs. */
export async function stopAll(termMs = 3000) {
  await Promise.all([...live].map((child) => stop(child, { termMs })))
}

let exiting = false
/** Stops every child, then exits with code (once: a second call waits for the first). */
export async function exitWith(code, termMs = 3000) {
  if (exiting) return new Promise(() => {})
  exiting = true
  await stopAll(termMs).catch(() => {})
  killAll()
  process.exit(code)
}

/**
 * Sets a script up: `name` tags its messages and its temporary folder; a signal or an uncaught
 * error stops every child (SIGTERM, then SIGKILL) and exits (128 + the signal's number, or 1);
 * after `limitS` seconds, if given, the run gives up (exit code 1). Process exit kills whatever
 * is left.
 */
export function guard(name, { limitS } = {}) {
  TAG = name
  process.on('exit', killAll)
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ]) {
    process.on(signal, () => {
      console.error(`\n[${TAG}] ${signal}: stopping every process this run started`)
      void exitWith(code, 1000)
    })
  }
  for (const event of ['uncaughtException', 'unhandledRejection']) {
    process.on(event, (error) => {
      console.error(`[${TAG}]`, error)
      void exitWith(1, 1000)
    })
  }
  if (limitS !== undefined) watchdog(limitS)
}

/** After limitS seconds, the run gives up: every child stopped, exit code 1. */
export function watchdog(limitS) {
  setTimeout(() => {
    console.error(`[${TAG}] the run took longer than ${Math.round(limitS)} s: giving up`)
    setTimeout(() => (killAll(), process.exit(1)), 5000).unref()
    void exitWith(1, 1000)
  }, limitS * 1000).unref()
}

/**
 * Starts `command argv` (in cwd, with env added) under `timeout lifetimeS`, in its own process
 * group. output 'file' (default): stdout and stderr to a log file; 'pipe': kept as text
 * (`child.stdout`, `child.stderr`, the last 64 kB of each), echoed as they come with `echo`
 * ('stderr', or 'all'); each
 * chunk of either also goes to `onOutput(child)`. The child: `{ name, proc, spawnedAt, log?,
 * exited, code, exitedAt }`.
 */
export function launch(name, command, argv, options = {}) {
  const { cwd, env = {}, lifetimeS = 600, output = 'file', echo, onOutput } = options
  const [file, args] = HAS_TIMEOUT
    ? ['timeout', ['--kill-after=5', String(Math.ceil(lifetimeS)), command, ...argv]]
    : [command, argv]
  const log =
    output === 'file'
      ? join(scratch(), `${name.replace(/\W+/g, '-')}-${++launched}.log`)
      : undefined
  const fd = log ? openSync(log, 'w') : undefined
  const spawnedAt = performance.now()
  const proc = spawn(file, args, {
    cwd,
    env: { ...process.env, ...env },
    detached: true,
    stdio: log ? ['ignore', fd, fd] : ['ignore', 'pipe', 'pipe'],
  })
  if (fd !== undefined) closeSync(fd)
  const child = { name, proc, spawnedAt, log, exited: false, code: null, stdout: '', stderr: '' }
  live.add(child)
  if (!log) {
    for (const stream of ['stdout', 'stderr']) {
      proc[stream].setEncoding('utf8').on('data', (chunk) => {
        child[stream] = (child[stream] + chunk).slice(-65_536)
        if (echo === 'all' || (echo === 'stderr' && stream === 'stderr'))
          process[stream].write(chunk)
        onOutput?.(child)
      })
    }
  }
  const exited = (code) => {
    Object.assign(child, { exited: true, code, exitedAt: performance.now() })
    live.delete(child)
  }
  proc.on('exit', (code, signal) => exited(code ?? signal))
  proc.on('error', (error) => exited(error.message))
  return child
}

/** What the child wrote so far (its log file, or both pipes). */
export const outputOf = (child) => (child.log ? readOr(child.log) : child.stdout + child.stderr)
/** The last lines of that, for an error message. */
export const tailOf = (child, lines = 15) =>
  outputOf(child).trimEnd().split('\n').slice(-lines).join('\n') || '(no output)'

/** The pids of the processes below pid, all the way down. */
export function descendants(pid) {
  const tasks = quietly(() => readdirSync(`/proc/${pid}/task`), [])
  const kids = tasks.flatMap((t) => readOr(`/proc/${pid}/task/${t}/children`).split(/\s+/))
  return kids.filter(Boolean).flatMap((kid) => [Number(kid), ...descendants(kid)])
}
/** The program itself, not `timeout`: its only child, or the child when there is no `timeout`. */
export function serverPid(child) {
  if (!HAS_TIMEOUT) return child.proc.pid
  child.serverPid ??=
    Number(readOr(`/proc/${child.proc.pid}/task/${child.proc.pid}/children`).split(/\s+/)[0]) ||
    undefined
  return child.serverPid
}
/** The processes doing the work: the program and all it started (nginx's workers, say). */
export const workPids = (child) => {
  const top = serverPid(child)
  return top ? [top, ...descendants(top)] : []
}

/** Waits up to ms for the child to exit; answers whether it did. */
export async function waitExit(child, ms) {
  for (const end = performance.now() + ms; !child.exited && performance.now() < end;)
    await sleep(10)
  return child.exited
}

/**
 * Stops a child: SIGTERM (timeout passes it on; nginx's master reaps its workers), up to termMs,
 * then SIGKILL to its whole group; waits until all it started is gone (or a zombie). Resolves with
 * the child's exit code (timeout gives the program's).
 */
export async function stop(child, { termMs = 5000 } = {}) {
  const pids = descendants(child.proc.pid)
  if (!child.exited) {
    killGroup(child, 'SIGTERM')
    await waitExit(child, termMs)
  }
  killGroup(child, 'SIGKILL')
  for (const pid of pids) quietly(() => process.kill(pid, 'SIGKILL'))
  const running = (pid) => /State:\s+[^Z]/.test(readOr(`/proc/${pid}/status`))
  for (const end = performance.now() + 2000; performance.now() < end;) {
    if (child.exited && !pids.some(running)) break
    await sleep(10)
  }
  live.delete(child)
  return child.code
}

/**
 * Waits until the child's output matches `pattern` (polling its log every everyMs; pipes are
 * checked as they come); resolves with the match, and sets `child.matchedAt`. Throws when the
 * child exits first or deadlineMs pass from its spawn.
 */
export async function waitOutput(child, pattern, { deadlineMs = 20_000, everyMs = 5 } = {}) {
  for (;;) {
    const m = pattern.exec(outputOf(child))
    if (m) {
      child.matchedAt ??= performance.now()
      return m
    }
    const since = Math.round(performance.now() - child.spawnedAt)
    if (child.exited)
      throw new Error(`${child.name} exited (${child.code}) after ${since} ms:\n${tailOf(child)}`)
    if (since > deadlineMs)
      throw new Error(
        `${child.name} printed no ${pattern} within ${deadlineMs} ms:\n${tailOf(child)}`,
      )
    await sleep(everyMs)
  }
}
