import { inject } from 'vitest'

// Runs in each test worker, before its tests: temporary folders go to the run's own folder.
process.env.TMPDIR = inject('tmp')
// Documents checked once are remembered there too, not in the home of whoever runs the tests.
process.env.JOBFAKE_CACHE_DIR = `${inject('tmp')}/cache`
