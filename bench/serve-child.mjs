// A jobfake server for bench scripts that need library options the CLI may not take: started with
// `node bench/serve-child.mjs '<JSON options for startFake>'`, it prints "port <n>" and serves.
import { startFake } from '../dist/index.js'

const options = JSON.parse(process.argv[2] ?? '{}')
const fake = await startFake({ port: 0, clock: 'manual', log: 'off', ...options })
console.log(`port ${fake.port}`)
const stop = () => fake.close().then(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
