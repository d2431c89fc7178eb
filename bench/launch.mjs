// Starts jobfake servers for bench scripts: under coreutils `timeout` (so a server dies even if the
// bench is killed), its output in a temporary log, and killed with everything it started when the
// bench exits, is interrupted or fails. Shared by races.mjs and soak.mjs.
import { closeSync, openSync, readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { execFileSync, spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const HAS_TIMEOUT = (() => {
  try {
    execFileSync('timeout', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/**
 * A launcher for one bench script (`tag` names its temporary folder): `start(lifetimeS)` answers
 * the started server `{ proc, pid, url, exited, code }` once it prints its URL.
 */
export function launcher(tag, root) {
  const logs = mkdtempSync(join(tmpdir(), `jobfake-${tag}-`))
  const started = []
  const cleanup = () => {
    for (const server of started) {
      for (const pid of [server.pid, server.proc.pid]) {
        try {
          if (pid) process.kill(pid, 'SIGKILL')
        } catch {}
      }
    }
    rmSync(logs, { recursive: true, force: true })
  }
  process.on('exit', cleanup)
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.on(signal, () => {
      cleanup()
      process.exit(code)
    })
  }
  async function start(lifetimeS) {
    for (const extra of [['--log', 'off'], []]) {
      const log = join(logs, `server-${extra.length}.log`)
      const fd = openSync(log, 'w')
      const command = [process.execPath, 'dist/cli.js', 'serve', '--port', '0', '--clock', 'manual']
      const [file, argv] = HAS_TIMEOUT
        ? ['timeout', ['--kill-after=5', String(lifetimeS), ...command, ...extra]]
        : [command[0], [...command.slice(1), ...extra]]
      const proc = spawn(file, argv, { cwd: root, stdio: ['ignore', fd, fd] })
      closeSync(fd)
      const child = { proc, exited: false, pid: HAS_TIMEOUT ? undefined : proc.pid, extra }
      started.push(child)
      proc.on('exit', (code, signal) =>
        Object.assign(child, { exited: true, code: code ?? signal }),
      )
      const deadline = performance.now() + 20_000
      while (!child.exited && performance.now() < deadline) {
        const url = /listening on (http:\/\/\S+?)[\s;,)]/.exec(readFileSync(log, 'utf8'))?.[1]
        if (url) {
          const kids = HAS_TIMEOUT
            ? readFileSync(`/proc/${proc.pid}/task/${proc.pid}/children`, 'utf8').trim()
            : ''
          return Object.assign(child, { url, pid: child.pid ?? Number(kids.split(/\s+/)[0]) })
        }
        await sleep(20)
      }
      const text = readFileSync(log, 'utf8')
      if (child.exited && extra.length > 0 && /--log|Unknown option/i.test(text)) continue
      throw new Error(`the server did not start:\n${text.split('\n').slice(-15).join('\n')}`)
    }
    throw new Error('the server did not start')
  }
  return { start, cleanup }
}
