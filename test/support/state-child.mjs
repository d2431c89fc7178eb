// A jobfake process with a state file, for the crash test: prints its port, then serves.
import { startFake } from '../../dist/index.js'

const fake = await startFake({ port: 0, clock: 'manual', stateFile: process.argv[2] })
console.log(`port ${fake.port}`)
