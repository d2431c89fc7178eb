// What bench/fuzz.mjs prints after the run: per vendor the runs, requests and answers by class,
// every status, and each distinct failure once (the most frequent first) with its replay command.
import { int, textTable } from './format.mjs'

/** What makes two failures the same one: vendor, operation, method, status, first problem. */
export const signature = (vendor, { request, answer, problems }) =>
  [
    vendor,
    request.operation ?? '(no operation)',
    request.method,
    answer.error !== undefined ? 'no answer' : answer.status,
    (problems[0] ?? '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '<uuid>').replace(/\d+/g, 'N'),
  ].join(' ')

/**
 * Prints the table, the statuses and the failures. ctx: { fuzz (the test's fuzzer module),
 * fuzzers, stats, failures, skipped, health, exitCode, SEED, STEPS, SHOW, args }.
 */
export function printReport({
  fuzz,
  fuzzers,
  stats,
  failures,
  skipped,
  health,
  exitCode,
  SEED,
  STEPS,
  SHOW,
  args,
}) {
  const bucket = (status) =>
    typeof status !== 'number' ? status : status >= 500 ? '5xx' : `${String(status)[0]}xx`
  const header = [
    'vendor',
    'runs',
    'requests',
    '2xx',
    '3xx',
    '4xx',
    '5xx',
    'no answer',
    'operations answered 2xx',
  ]
  const rows = Object.entries(stats).map(([vendor, s]) => {
    const by = {}
    for (const [status, n] of s.statuses) by[bucket(status)] = (by[bucket(status)] ?? 0) + n
    const ops = fuzzers[vendor].operations
    const ok = ops.filter((id) => s.ops.get(id)?.ok > 0).length
    return [
      vendor,
      int(s.runs),
      int(s.requests),
      ...['2xx', '3xx', '4xx', '5xx', 'no answer'].map((k) => int(by[k] ?? 0)),
      `${ok} of ${ops.length}`,
    ]
  })
  console.log(`\n${textTable(header, rows, { left: 1 })}`)
  for (const [vendor, s] of Object.entries(stats)) {
    const statuses = [...s.statuses].sort((a, b) => String(a[0]).localeCompare(String(b[0])))
    console.log(`  ${vendor} statuses: ${statuses.map(([k, n]) => `${k}×${int(n)}`).join(' ')}`)
  }
  if (skipped > 0)
    console.log(
      `\n[fuzz] ${int(skipped)} requests matching known bugs were not sent (--include-known sends them)`,
    )
  console.log(`[fuzz] server: health after the run ${health}; exit on SIGTERM ${exitCode}`)

  const shown = [...failures.values()].sort((a, b) => b.count - a.count).slice(0, SHOW)
  if (failures.size > 0) console.log(`\nfailures (${failures.size} distinct; the first of each):`)
  for (const [i, f] of shown.entries()) {
    console.log(`\n#${i + 1} ${f.vendor}, ${f.count}× (first in run ${f.run})`)
    console.log(fuzz.describeExchange(f.exchange))
    console.log(`  the run:\n${fuzz.describeHistory(f.result, f.exchange)}`)
    console.log(
      `  replay: node bench/fuzz.mjs --seed ${SEED}${args.vendors ? ` --vendors ${args.vendors}` : ''}${STEPS !== 12 ? ` --steps ${STEPS}` : ''}${args.specs ? ` --specs ${args.specs}` : ''} --replay ${f.run}`,
    )
  }
  if (failures.size > shown.length)
    console.log(`\n… and ${failures.size - shown.length} more (--show)`)
  console.log(
    `\n[fuzz] seed ${SEED}${failures.size === 0 ? ': no failures' : `: ${failures.size} distinct failures`}`,
  )
}
