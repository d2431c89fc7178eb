import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Browser tests run wherever Chromium is installed, and always in CI, where a missing browser is
 * a failure rather than a skip.
 */
export const browserTests = existsSync(CHROMIUM) || Boolean(process.env.CI)

/** Where screenshots go: a folder .gitignore names. */
export const RESULTS = join(new URL('../..', import.meta.url).pathname, 'test-results')

/** Headless Chromium, as the project runs it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `[jobfake] ${CHROMIUM} is missing: apt-get update && apt-get install -y chromium (.ci/run does).`,
    )
  mkdirSync(RESULTS, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}
