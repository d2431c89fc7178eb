import { describe, expect, test } from 'vitest'
import { airweave } from '../../src/vendors/airweave/index.js'
import { specCheck } from '../../src/verify/spec-check.js'
import { vendorDocPath } from '../support/vendor-doc.js'

const refused = {
  status: 400,
  body: { detail: 'Cannot cancel job in cancelled state' },
  headers: {},
}
const CANCEL =
  '/source-connections/ddb72179-d26d-47db-8b9d-a83123515af7/jobs/5f2a9e64-1c8d-4b35-a7e0-9d3b6c1f8e42/cancel'

describe(specCheck, () => {
  test("against the project's spec: what the service sends conforms, what breaks it is named", async () => {
    const spec = await specCheck(airweave)
    expect(spec.file).toBe('specs/airweave.yaml')
    expect(spec.check('POST', CANCEL, refused)).toEqual([])
    expect(spec.check('POST', CANCEL, { ...refused, body: {} })).toEqual([
      'detail is required (missing "detail")',
    ])
    expect(spec.check('GET', '/nowhere', refused)).toEqual(['the document has no GET /nowhere'])
  })

  test("against the vendor's own document: a difference jobfake lists as a deviation says so", async () => {
    const spec = await specCheck(airweave, { vendorDoc: vendorDocPath('airweave') })
    const found = spec.check('POST', CANCEL, refused)
    expect(found).toHaveLength(1)
    expect(found[0]).toMatch(
      /^status 400 is not declared for .* \(jobfake lists this as a deviation: A job already syncing, or one that cannot be cancelled, answers 400/,
    )
  }, 60_000)
})
