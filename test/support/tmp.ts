import { inject } from 'vitest'

// Runs in each test worker, before its tests: temporary folders go to the run's own folder.
process.env.TMPDIR = inject('tmp')
