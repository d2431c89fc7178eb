import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startFake, type RunningFake } from '../../src/index.js'
import { browserTests, launchBrowser, RESULTS } from '../support/browser.js'

// The web UI in headless Chromium against a fake on a real port with a manual clock. Every wait
// is Playwright's own (waitFor with a timeout): nothing sleeps.
const WAIT = { timeout: 5000 }

let browser: Browser
beforeAll(async () => {
  if (browserTests) browser = await launchBrowser()
}, 30_000)
afterAll(() => browser?.close())

async function open(fake: RunningFake, path = '/__admin/ui/#airweave') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
  await page.goto(fake.url() + path)
  await page.getByText('● live').waitFor(WAIT)
  return { page, errors }
}

async function fixturesOf(fake: RunningFake, token?: string) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  return (await fetch(`${fake.url()}/__admin/fixtures`, { headers })).json()
}

/** Starts an Airweave sync over HTTP, as an app would. */
async function runSync(fake: RunningFake, session = 'default', token?: string) {
  const { airweave } = await fixturesOf(fake, token)
  const res = await fetch(
    `${fake.url('airweave')}/source-connections/${airweave.sourceConnectionIds[0]}/run`,
    { method: 'POST', headers: { 'x-api-key': airweave.apiKey, 'x-jobfake-session': session } },
  )
  return (await res.json()).id as string
}

const stateOf = (page: Page, id: string, state: string) =>
  page.locator(`tr[data-job="${id}"] td.state`, { hasText: new RegExp(`^${state}$`) })

describe.skipIf(!browserTests)('web UI', () => {
  test('a job appears live, is cancelled with a button, and the clock moves it on; a violation shows', async () => {
    const fake = await startFake({ port: 0 })
    const { page, errors } = await open(fake)
    await page.getByText('No job yet').waitFor(WAIT)
    await expect(page.locator('#clock-mode').textContent()).resolves.toMatch(/^manual/)

    const id = await runSync(fake)
    await stateOf(page, id, 'pending').waitFor(WAIT)
    await page.getByRole('button', { name: id }).click()
    await page.locator('svg .state.current[data-state="pending"]').waitFor(WAIT)
    await page
      .getByRole('group', { name: 'Send an event to this job' })
      .getByRole('button', { name: 'cancel', exact: true })
      .click()
    await stateOf(page, id, 'cancelling').waitFor(WAIT)
    await page.locator('svg .state.current[data-state="cancelling"]').waitFor(WAIT)

    await page.getByRole('button', { name: '+5s' }).click()
    await stateOf(page, id, 'cancelled').waitFor(WAIT)
    await page.locator('#clock-now', { hasText: '2026-01-01 00:00:05' }).waitFor(WAIT)
    await page.locator('svg .state.current[data-state="cancelled"]').waitFor(WAIT)
    expect((await fetch(`${fake.url()}/__admin/jobs/${id}`).then((r) => r.json())).state).toBe(
      'cancelled',
    )

    // A custom duration, from the keyboard.
    await page.getByLabel('Advance the clock by').fill('1m30s')
    await page.keyboard.press('Enter')
    await page.locator('#clock-now', { hasText: '2026-01-01 00:01:35' }).waitFor(WAIT)

    const { airweave } = await fixturesOf(fake)
    await fetch(`${fake.url('airweave')}/source-connections/not-a-uuid/jobs`, {
      headers: { 'x-api-key': airweave.apiKey },
    })
    const violation = page.locator('#journal tr.violation', { hasText: 'not-a-uuid' })
    await violation.waitFor(WAIT)
    await expect(violation.textContent()).resolves.toMatch(/⚠ path source_connection_id/)
    await page.locator('#coverage td.missing').first().waitFor(WAIT)
    await page.screenshot({ path: join(RESULTS, 'ui-airweave-cancelled.png') })
    expect(errors).toEqual([])
    await page.close()
    await fake.close()
  }, 30_000)

  test('keyboard: buttons are reachable with Tab and show their focus; scenario and reset work', async () => {
    const fake = await startFake({ port: 0 })
    const { page } = await open(fake)
    await page.getByRole('button', { name: 'Reset session' }).waitFor(WAIT)
    // Tab through the page until the +1m preset has the focus, then press it.
    let focused = ''
    for (let i = 0; i < 40 && focused !== '+1m'; i++) {
      await page.keyboard.press('Tab')
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '')
    }
    expect(focused).toBe('+1m')
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement!).outlineStyle,
    )
    expect(outline).toBe('solid')
    await page.keyboard.press('Enter')
    await page.locator('#clock-now', { hasText: '2026-01-01 00:01:00' }).waitFor(WAIT)

    await page.getByLabel('Scenario for new jobs').selectOption('slow-cancel')
    await page.getByRole('button', { name: 'Use', exact: true }).click()
    await page.getByText('New airweave jobs run the scenario slow-cancel.').waitFor(WAIT)
    const scenarios = await (await fetch(`${fake.url()}/__admin/scenarios`)).json()
    expect(scenarios.airweave.active).toBe('slow-cancel')

    const id = await runSync(fake)
    await stateOf(page, id, 'pending').waitFor(WAIT)
    await page.getByRole('button', { name: 'Reset session' }).click()
    await page.getByText('No job yet').waitFor(WAIT)
    await page.locator('#clock-now', { hasText: '2026-01-01 00:00:00' }).waitFor(WAIT)
    await page.close()
    await fake.close()
  }, 30_000)

  test('a page per vendor: its jobs, diagram, journal and coverage (screenshots)', async () => {
    const fake = await startFake({ port: 0 })
    const fx = await fixturesOf(fake)
    const post = (path: string, headers: Record<string, string>, body?: unknown) =>
      fetch(fake.url() + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    await runSync(fake)
    const peaka = `/peaka/api/v1/data/projects/${fx.peaka.projectIds[0]}/cache`
    const table = fx.peaka.tables.find((t: { cacheable: boolean }) => t.cacheable)
    await post(peaka, { authorization: `Bearer ${fx.peaka.partnerKey}` }, table)
    await post(
      `/chroma/api/v1/sources/${fx.chroma.sourceIds[0]}/invocations`,
      { 'x-chroma-token': fx.chroma.token },
      {},
    )
    const akua = { authorization: `Bearer ${fx.akua.token}` }
    await post('/akua/v1/clusters', akua, { name: 'demo', region_id: fx.akua.regionIds[0] })
    await fetch(`${fake.url()}/__admin/clock/advance`, { method: 'POST', body: '{"by":"30s"}' })

    const { page, errors } = await open(fake, '/__admin/ui/')
    for (const vendor of ['peaka', 'airweave', 'chroma', 'akua']) {
      await page
        .getByRole('navigation', { name: 'Vendors' })
        .getByRole('button', { name: vendor })
        .click()
      const first = page.locator('#jobs tbody tr').first()
      await first.waitFor(WAIT)
      await first.locator('button.link').click()
      await page.locator('#job svg .state.current').waitFor(WAIT)
      await page.locator('#journal tbody tr').first().waitFor(WAIT)
      expect(await page.locator('#journal tbody tr').count()).toBeGreaterThan(0)
      await page.screenshot({ path: join(RESULTS, `ui-${vendor}.png`), fullPage: true })
    }
    expect(errors).toEqual([])
    await page.close()
    await fake.close()
  }, 30_000)

  test('sessions: another one is picked by name, and shows its own jobs', async () => {
    const fake = await startFake({ port: 0 })
    const { page } = await open(fake)
    const id = await runSync(fake, 'ci-42')
    await page.getByText('No job yet').waitFor(WAIT)
    await page.getByLabel('Another session').fill('ci-42')
    await page.getByRole('button', { name: 'Open' }).click()
    await stateOf(page, id, 'pending').waitFor(WAIT)
    await page.getByLabel('Session', { exact: true }).selectOption('default')
    await page.getByText('No job yet').waitFor(WAIT)
    await page.close()
    await fake.close()
  }, 30_000)

  test('with an admin token: the UI takes it once from ?token=, and keeps it over a reload', async () => {
    const fake = await startFake({ port: 0, adminToken: 'ui-s3cret' })
    const { page } = await open(fake, '/__admin/ui/?token=ui-s3cret#airweave')
    expect(page.url()).not.toContain('ui-s3cret')
    const id = await runSync(fake, 'default', 'ui-s3cret')
    await stateOf(page, id, 'pending').waitFor(WAIT)
    await page.reload()
    await page.getByText('● live').waitFor(WAIT)
    await stateOf(page, id, 'pending').waitFor(WAIT)
    // Without the token, nothing of the UI is served.
    expect((await fetch(`${fake.url()}/__admin/ui/`)).status).toBe(401)
    await page.close()
    await fake.close()
  }, 30_000)
})
