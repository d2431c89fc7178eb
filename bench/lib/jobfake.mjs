// jobfake servers for bench scripts, as child processes (lib/proc.mjs): `node dist/cli.js serve`
// of a checkout (this one, or a --baseline one) on 127.0.0.1 with the manual clock, or
// bench/serve-child.mjs for library options the CLI does not take.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { launch, quietly, serverPid, waitOutput } from './proc.mjs'

/** This checkout (the one the bench scripts live in). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const LISTENING = /listening on (http:\/\/[^\s;,)]+)/

/**
 * The text of a build's CLI (dist/cli.js, the bundle dist/cli.cjs it may load, and dist/cli/*.js),
 * to see which options it takes.
 */
function cliText(root) {
  const dir = join(root, 'dist', 'cli')
  const files = [join(root, 'dist', 'cli.js'), join(root, 'dist', 'cli.cjs')]
  if (existsSync(dir))
    files.push(
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => join(dir, f)),
    )
  return files.map((f) => quietly(() => readFileSync(f, 'utf8'), '')).join('\n')
}

/**
 * `--host 127.0.0.1` where the build takes it (loopback only, whatever its default), and
 * `--log off` for builds with a console request log (they log every request unless told not to).
 */
export function quietFlags(root) {
  const text = cliText(root)
  return [
    ...(/--host\b/.test(text) ? ['--host', '127.0.0.1'] : []),
    ...(/--log pretty\|json\|off|--log\s+(<|pretty|off)/.test(text) ? ['--log', 'off'] : []),
  ]
}

/** The command line of `jobfake serve` in root: port (0: any free one), manual clock, quietFlags. */
export const serveArgs = (root, { port = 0, extra = [] } = {}) => [
  'dist/cli.js',
  'serve',
  '--port',
  String(port),
  '--clock',
  'manual',
  ...quietFlags(root),
  ...extra,
]

/** Spawns `jobfake serve` in root (see serveArgs) without waiting: the child (lib/proc.mjs). */
export function spawnJobfake({ root = ROOT, name = 'jobfake', port, extra, ...options } = {}) {
  const child = launch(name, process.execPath, serveArgs(root, { port, extra }), {
    cwd: root,
    ...options,
  })
  child.argv = serveArgs(root, { port, extra })
  return child
}

/**
 * Starts `jobfake serve` in root and waits until it prints its URL: the child, with `url` and
 * `pid` (the server's own pid, below `timeout`). lifetimeS bounds it (coreutils timeout).
 */
export async function startJobfake(options = {}) {
  const child = spawnJobfake(options)
  const [, url] = await waitOutput(child, LISTENING, { everyMs: 20 })
  return Object.assign(child, { url, pid: serverPid(child), logOff: child.argv.includes('off') })
}

/** bench/serve-child.mjs with these startFake options (JSON): the child, with url and pid. */
export async function startServeChild(serveOptions, { root = ROOT, ...options } = {}) {
  const script = fileURLToPath(new URL('../serve-child.mjs', import.meta.url))
  const child = launch('serve-child', process.execPath, [script, JSON.stringify(serveOptions)], {
    cwd: root,
    ...options,
  })
  const [, port] = await waitOutput(child, /^port (\d+)/m, { everyMs: 10 })
  return Object.assign(child, { url: `http://127.0.0.1:${port}`, pid: serverPid(child) })
}
