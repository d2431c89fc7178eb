// The machine, from /proc: CPU time (the machine's, the hypervisor's share, a process's), memory
// of a process, and waiting for the rest of a shared machine to be quiet before a measurement.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { quietly, sleep, tag } from './proc.mjs'

export const CPUS = cpus().length
export const CLK_TCK = quietly(
  () => Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100,
  100,
)

/** The machine's CPU time so far (all CPUs, in ticks): total, idle (with iowait), stolen. */
export function machineTicks() {
  return quietly(
    () => {
      const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync(
        '/proc/stat',
        'utf8',
      )
        .split('\n')[0]
        .trim()
        .split(/\s+/)
        .slice(1)
        .map(Number)
      const total = user + nice + system + idle + iowait + irq + softirq + steal
      return { total, idle: idle + iowait, steal }
    },
    { total: NaN, idle: NaN, steal: NaN },
  )
}

/** % of one core the whole machine used between two machineTicks() (stolen time counts as idle). */
export const busyPct = (a, b) =>
  (1 - (b.idle - a.idle + b.steal - a.steal) / (b.total - a.total)) * CPUS * 100
/** % of the machine's time the hypervisor gave to other VMs between two machineTicks(). */
export const stealPct = (a, b) => ((b.steal - a.steal) / (b.total - a.total)) * 100

/** CPU ticks (user + system) of these processes so far; NaN when none of them can be read. */
export function cpuTicks(pids) {
  let sum = NaN
  for (const pid of [pids].flat()) {
    const stat = quietly(() => readFileSync(`/proc/${pid}/stat`, 'utf8'), undefined)
    if (stat === undefined) continue
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ') // fields from the 3rd on
    sum = (Number.isNaN(sum) ? 0 : sum) + Number(fields[11]) + Number(fields[12])
  }
  return sum
}
/** ticks → % of one core over wallS seconds. */
export const ticksPct = (ticks, wallS) => (ticks / CLK_TCK / wallS) * 100
/** This process's CPU since `since` (a process.cpuUsage()), in % of one core over wallS seconds. */
export const ownPct = (since, wallS) => {
  const used = process.cpuUsage(since)
  return ((used.user + used.system) / 1e6 / wallS) * 100
}

/** A process's memory (MB) from /proc/<pid>/status (self by default): VmRSS, VmHWM (its peak). */
export function memoryOf(pid = 'self') {
  const status = quietly(() => readFileSync(`/proc/${pid}/status`, 'utf8'), '')
  const mb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? NaN) / 1024
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM') }
}
/** The RSS of several processes together (MB); the ones already gone count 0. */
export const rssOfMb = (pids) =>
  [pids].flat().reduce((sum, pid) => sum + (memoryOf(pid).rssMb || 0), 0)

/**
 * Waits (up to maxS seconds) until the rest of the machine uses less than a fifth of a core over
 * one second: the machine is shared, and a test suite running beside a load skews it. Answers the
 * CPU the others used last (% of one core).
 */
export async function waitQuiet(maxS) {
  const started = performance.now()
  for (;;) {
    const a = machineTicks()
    const cpu = process.cpuUsage()
    await sleep(1000)
    const others = busyPct(a, machineTicks()) - ownPct(cpu, 1)
    if (!(others >= 20)) return others
    if ((performance.now() - started) / 1000 >= maxS) {
      console.error(
        `[${tag()}] the machine stayed busy (others ${others.toFixed(0)} % of a core) for ${maxS} s: measuring anyway`,
      )
      return others
    }
  }
}
