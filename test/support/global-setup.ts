import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    tmp: string
  }
}

// Tests make temporary folders freely (scenario files, copied specs, replayed Dockerfiles): they
// all go under one folder of this run, removed when the run ends, so nothing is left in /tmp.
export default function setup(project: TestProject) {
  const root = mkdtempSync(join(tmpdir(), 'jobfake-tests-'))
  project.provide('tmp', root)
  return () => rmSync(root, { recursive: true, force: true })
}
