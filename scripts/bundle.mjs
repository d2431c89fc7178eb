// Build step: the command line as one file. Node 20 has no compile cache, and resolving, reading
// and compiling the ~200 modules tsc writes took about a third of start-up; one bundle (rolldown,
// the bundler vite uses) is read and compiled once. It is CommonJS (dist/cli.cjs), which V8 can
// compile from a code cache (scripts/code-cache.mjs); dist/cli.js becomes the launcher that loads
// it (scripts/cli-launcher.js), so `jobfake`, the Dockerfile and every script start it. The
// library (dist/index.js) stays as tsc wrote it. The bundle sits at dist/'s root like
// dist/paths.js, so the paths that module computes stay right.
import { copyFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'rolldown'

const dist = new URL('../dist/', import.meta.url)

await build({
  input: new URL('cli.js', dist).pathname,
  platform: 'node',
  // Left to node_modules: pino's transports start worker threads by file name; write-file-atomic
  // names itself by __filename, which an ES module lacks; the others are large and loaded only
  // when needed (prism-http in its own worker, the OpenAPI meta-validator for a spec the build did
  // not check).
  external: [
    /^pino/,
    'thread-stream',
    'write-file-atomic',
    /^@stoplight\//,
    '@seriousme/openapi-schema-validator',
  ],
  logLevel: 'warn',
  // @hono/node-server's node:http2 is loaded on demand (scripts/http2-on-demand.cjs).
  plugins: [
    {
      name: 'http2-on-demand',
      resolveId: (source, importer) =>
        source === 'node:http2' && importer?.includes('@hono/node-server')
          ? fileURLToPath(new URL('./http2-on-demand.cjs', import.meta.url))
          : undefined,
    },
  ],
  output: {
    file: new URL('cli.cjs', dist).pathname,
    format: 'cjs',
    // An external loaded lazily (pino, the meta-validator) is required when needed: code compiled
    // by node:vm has no loader for import() without an experimental flag.
    dynamicImportInCjs: false,
    // What the sources load lazily (`await import()`) stays lazy inside the one file.
    codeSplitting: false,
    // Every start reads the whole text: without comments and with non-ASCII characters escaped,
    // it is 10 % smaller and V8 holds it in one byte a character, not two; that took the reading
    // of it from ~9.5 to ~5 ms and its compile from the code cache from ~11 to ~9.
    comments: false,
    charset: 'ascii',
  },
})
// tsc's map describes the file this replaced.
rmSync(new URL('cli.js.map', dist), { force: true })
copyFileSync(new URL('../scripts/cli-launcher.js', import.meta.url), new URL('cli.js', dist))
console.log('[jobfake] dist/cli.js bundled')
