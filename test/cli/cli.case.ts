import { spawn } from 'node:child_process'

// The CLI is tested as users run it: the built dist/cli.js (npm test builds first).
export const CLI = new URL('../../dist/cli.js', import.meta.url).pathname

/** Runs the CLI without blocking this process: the services it talks to live here. */
export function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk) => (out += chunk))
  child.stderr.on('data', (chunk) => (err += chunk))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })))
}
