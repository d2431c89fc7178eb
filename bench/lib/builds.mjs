// Helpers shared by run.mjs and jobs.mjs for comparing two builds of jobfake ("current", the checkout
// the bench script lives in, and a --baseline checkout with its own dist/): checking that a checkout
// is usable, describing it (commit, uncommitted changes, when its dist/ was built), and finding a
// dist/ module that a refactoring may have moved.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'

/**
 * The dist/ modules the benchmarks import below the public API, with the paths to try first (the
 * layout of commit bda0a66, then the `core/` one of the refactoring) and, when none of them exists,
 * a pattern that the module's path under dist/ must match (searched in the whole of dist/).
 */
export const MODULES = {
  clock: {
    exports: ['createClock'],
    paths: ['dist/engine/clock.js', 'dist/core/clock.js'],
    pattern: /(^|\/)clock\.js$/,
  },
  jobs: {
    exports: ['createJobTable'],
    paths: ['dist/engine/jobs.js', 'dist/core/jobs.js'],
    pattern: /(^|\/)jobs\.js$/,
  },
  session: {
    exports: ['createSession'],
    paths: ['dist/engine/session.js', 'dist/core/session.js'],
    pattern: /(^|\/)session\.js$/,
  },
  vendors: {
    exports: ['vendors'],
    paths: ['dist/vendors/index.js'],
    pattern: /(^|\/)vendors\/index\.js$/,
  },
  airweaveMachine: {
    exports: ['syncJobMachine'],
    paths: ['dist/vendors/airweave/machine.js', 'dist/core/vendors/airweave/machine.js'],
    pattern: /(^|\/)airweave\/machine\.js$/,
  },
  airweaveFixtures: {
    exports: ['fixtures'],
    paths: ['dist/vendors/airweave/fixtures.js', 'dist/core/vendors/airweave/fixtures.js'],
    pattern: /(^|\/)airweave\/fixtures\.js$/,
  },
  index: { exports: ['createFake'], paths: ['dist/index.js'] },
}

/** Every .js file under dir (relative paths, '/'-separated), .d.ts and maps excluded. */
function jsFiles(dir) {
  const out = []
  const walk = (d) => {
    let entries
    try {
      entries = readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.js')) out.push(relative(dir, p).split(sep).join('/'))
    }
  }
  walk(dir)
  return out
}

/**
 * Finds one of MODULES in the build at root. Returns { path, rel, notes } or { missing, notes }.
 * When several candidates exist (tsc does not delete the output of moved sources, so a dist/ built
 * before and after a move holds both), the most recently written one is used, with a note.
 */
export function resolveModule(root, name) {
  const spec = MODULES[name]
  const notes = []
  let found = spec.paths.filter((rel) => existsSync(join(root, rel)))
  if (found.length === 0 && spec.pattern) {
    found = jsFiles(join(root, 'dist'))
      .filter((rel) => spec.pattern.test(rel))
      .map((rel) => `dist/${rel}`)
    // Keep the files that at least mention every export the bench needs.
    const mentions = found.filter((rel) => {
      const text = readFileSync(join(root, rel), 'utf8')
      return spec.exports.every((x) => text.includes(x))
    })
    if (mentions.length > 0) found = mentions
    if (found.length > 0)
      notes.push(`${name}: not at ${spec.paths.join(' or ')}; found ${found.join(', ')}`)
  }
  if (found.length === 0) {
    return {
      missing: true,
      notes: [
        `${name} (${spec.exports.join(', ')}): none of ${spec.paths.join(', ')} exists${spec.pattern ? `, nor anything matching ${spec.pattern} under dist/` : ''}`,
      ],
    }
  }
  let rel = found[0]
  if (found.length > 1) {
    rel = [...found].sort(
      (a, b) => statSync(join(root, b)).mtimeMs - statSync(join(root, a)).mtimeMs,
    )[0]
    notes.push(
      `${name}: several candidates (${found.join(', ')}); using the newest, ${rel} (stale output of a moved file? build from a clean dist/)`,
    )
  }
  if (notes.length === 0 && rel !== spec.paths[0])
    notes.push(`${name}: ${rel} (not ${spec.paths[0]})`)
  return { path: join(root, rel), rel, notes }
}

/** Checks that root is a jobfake checkout with a built dist/ and node_modules; returns an error text or undefined. */
export function checkBuild(root, label, needs = ['dist/index.js', 'dist/cli.js']) {
  if (!existsSync(root)) return `${label} ${root} does not exist`
  for (const rel of needs) {
    if (!existsSync(join(root, rel)))
      return `${label} ${root}: ${rel} is missing: build it there first (cd ${root} && npm run build)`
  }
  if (!existsSync(join(root, 'node_modules'))) {
    return `${label} ${root} has no node_modules: install them there, or symlink one (ln -s <a checkout>/node_modules ${join(root, 'node_modules')})`
  }
  return undefined
}

export const sameDir = (a, b) => {
  try {
    return realpathSync(a) === realpathSync(b)
  } catch {
    return false
  }
}

/** What a checkout holds: commit, whether its work tree has changes, when its dist/ was built. */
export function describeBuild(root) {
  const git = (...argv) => {
    try {
      // --no-optional-locks: only read, never refresh the index (someone may be working in that checkout).
      return execFileSync('git', ['--no-optional-locks', '-C', root, ...argv], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
    } catch {
      return undefined
    }
  }
  const commit = git('rev-parse', '--short', 'HEAD')
  const status =
    commit === undefined ? undefined : git('status', '--porcelain', '--untracked-files=no')
  let distBuilt
  try {
    distBuilt = statSync(join(root, 'dist', 'index.js')).mtime.toISOString()
  } catch {}
  return {
    root: resolve(root),
    commit: commit ?? null,
    subject: git('log', '-1', '--format=%s') ?? null,
    uncommittedChanges: status === undefined ? null : status !== '',
    distBuilt: distBuilt ?? null,
  }
}

export const describeLine = (b) =>
  `${b.root} — ${b.commit ? `commit ${b.commit}${b.uncommittedChanges ? ' + uncommitted changes' : ''}` : 'not a git checkout'}, dist/ built ${b.distBuilt ?? '?'}`
