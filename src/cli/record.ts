import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { PACKAGE_JSON } from '../paths.js'
import { writeHar } from '../record/har.js'
import { startRecorder } from '../record/proxy.js'
import { secretNames } from '../record/redact.js'
import { vendors } from '../vendors/index.js'
import { projectSpec } from '../verify/spec-check.js'

/** `jobfake record --help`. */
export const RECORD = `jobfake record --vendor V --target URL [options]
                               a recording proxy: forwards every request to the target and writes
                               what went back and forth as a HAR 1.2 file

  --vendor V               ${vendors.map((v) => v.name).join(', ')}: whose credential headers to redact
  --target URL             where requests go (https://api.airweave.ai, http://127.0.0.1:4010/airweave):
                           a request to http://HOST:PORT/x is sent to URL/x
  --port N                 4020; 0 picks a free port (the URL is printed)
  --host H                 127.0.0.1
  --out FILE               recording.har, rewritten after every request
  --keep-secrets           record credentials as sent; by default the values of authorization,
                           cookie, set-cookie, x-api-key, x-chroma-token and the vendor spec's own
                           key headers are REDACTED

Point the client at the printed URL instead of the service; stop with Ctrl-C (SIGINT) or SIGTERM.
Then: jobfake import-har FILE --vendor V`

/**
 * `jobfake record`: runs the recording proxy until SIGINT or SIGTERM. Resolves with the exit code
 * once stopped.
 *
 * @example
 * await runRecord(['--vendor', 'airweave', '--target', 'https://api.airweave.ai'])
 */
export async function runRecord(args: string[]): Promise<number> {
  const { values: flags } = parseArgs({
    args,
    options: {
      vendor: { type: 'string' },
      target: { type: 'string' },
      port: { type: 'string', default: '4020' },
      host: { type: 'string', default: '127.0.0.1' },
      out: { type: 'string', default: 'recording.har' },
      'keep-secrets': { type: 'boolean', default: false },
    },
  })
  const vendor = vendors.find((v) => v.name === flags.vendor)
  const usage = (message: string) => {
    console.error(`[jobfake] ${message} See jobfake record --help.`)
    return 2
  }
  if (!vendor)
    return usage(`record needs --vendor: one of ${vendors.map((v) => v.name).join(', ')}.`)
  if (!flags.target || !/^https?:\/\/[^/]/.test(flags.target))
    return usage(`record needs --target, an http(s) URL (got "${flags.target ?? ''}").`)
  const port = Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return usage(`--port takes 0 to 65535 (got "${flags.port}").`)
  const out = flags.out
  const { version } = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }
  const recorder = await startRecorder({
    target: flags.target,
    port,
    host: flags.host,
    secrets: secretNames((await projectSpec(vendor)).operations),
    keepSecrets: flags['keep-secrets'],
    version,
    comment: `jobfake record --vendor ${vendor.name} --target ${flags.target}`,
    onEntry: () => writeHar(out, recorder.har()),
  })
  writeHar(out, recorder.har())
  console.log(
    `[jobfake] recording ${vendor.name}: send requests to ${recorder.url} (forwarded to ${flags.target}); writing ${out}${flags['keep-secrets'] ? ' with credentials kept' : ', credentials redacted'}`,
  )
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  await recorder.close()
  writeHar(out, recorder.har())
  console.log(
    `[jobfake] ${signal}: ${recorder.har().log.entries.length} request(s) written to ${out}`,
  )
  return 0
}
