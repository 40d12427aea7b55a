import path from 'node:path'
import { eq } from 'drizzle-orm'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { appSettings } from '#db/schema/index.ts'
import { horizontalOverflow } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'

/** SETTINGS_SCREENSHOTS=<dir> keeps a screenshot of each page looked at. */
const SHOTS = process.env.SETTINGS_SCREENSHOTS
const baseUrl = inject('e2eBaseUrl')
/** Another process sees an update within SETTINGS_CACHE_MS (3 s); a margin for a slow machine. */
const CACHE_WINDOW_MS = 3_000 + 5_000

let browser: Browser
const database = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })

const storedVersion = async () =>
  (await database.db.select({ version: appSettings.version }).from(appSettings))[0]?.version ?? 0

beforeAll(async () => {
  browser = await launchBrowser()
})
// The settings are one row for the whole app: the next files expect the defaults again.
afterAll(async () => {
  await database.db.delete(appSettings).where(eq(appSettings.id, 1))
  await database.sql.end()
  await browser?.close()
})

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** Fits at a phone's and a laptop's width (no horizontal page scroll), screenshot of each. */
async function expectFits(page: Page, name: string) {
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(viewport)
    expect(await horizontalOverflow(page), `${name} at ${viewport.width}`).toEqual([])
    await shot(page, `${name}-${viewport.width}`)
  }
}

/** The error tied to an input (the aria-describedby element that is its error), or ''. */
function errorOf(input: Locator) {
  return input.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id.endsWith('-error'))
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  )
}

describe('admin settings applied to the customer pages', () => {
  it('renames the company and the credits; a bad field changes nothing', async () => {
    const admin = await seedUser('admin', 'Sora Settings')
    const customer = await seedUser('user', 'Cody Customer')
    await grantCredits(customer.id, admin, 1_250)

    const customerPage = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await logIn(customerPage, baseUrl, customer.email, E2E_PASSWORD)
    await customerPage.goto(`${baseUrl}/billing?tab=credits`)
    const creditsTitle = customerPage.locator('#credits-card-title')
    // Today's wording while nothing is set.
    expect(await creditsTitle.textContent()).toContain('Custom credits')
    expect(await customerPage.getByTestId('company-name').textContent()).toBe('SkyPANEL')

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/settings`)
    await expectFits(page, 'admin-settings')
    const versionBefore = await storedVersion()

    const symbol = page.getByLabel('Symbol')
    const reason = page.getByLabel('Reason')
    await page.getByLabel('Company name').fill('Sky Hosting Ltd')
    await page.getByLabel('Display name').fill('Sky Credits')
    await symbol.fill('CREDITS-TOO-LONG')
    await reason.fill('Rebranding for the launch')
    await reason.press('Enter')
    await expect.poll(() => errorOf(symbol), { timeout: 15_000 }).toContain('at most 8 characters')
    // The focus goes to the field that was refused, not left on Reason.
    await expect.poll(() => symbol.evaluate((field) => field === document.activeElement)).toBe(true)
    // The refused save wrote nothing, and nothing else was reported wrong.
    expect(await errorOf(page.getByLabel('Company name'))).toBe('')
    expect(await storedVersion()).toBe(versionBefore)
    await shot(page, 'admin-settings-error')

    await symbol.fill('SC')
    await reason.focus()
    await reason.press('Enter')
    await page.getByText('Settings saved', { exact: true }).waitFor({ timeout: 30_000 })
    expect(await errorOf(symbol)).toBe('')
    expect(await storedVersion()).toBe(versionBefore + 1)
    // The admin's own header follows at once (the root loader is revalidated).
    await expect
      .poll(() => page.getByTestId('company-name').textContent(), { timeout: 15_000 })
      .toBe('Sky Hosting Ltd')

    // The customer's next page shows the new names within the cache window.
    const deadline = Date.now() + CACHE_WINDOW_MS
    await customerPage.reload()
    while (!(await creditsTitle.textContent())?.includes('Sky Credits')) {
      expect(Date.now(), 'the new display name within the cache window').toBeLessThan(deadline)
      await customerPage.waitForTimeout(500)
      await customerPage.reload()
    }
    expect(await customerPage.getByTestId('company-name').textContent()).toBe('Sky Hosting Ltd')
    expect(await creditsTitle.textContent()).toContain('1 SC = $1')
    expect(await customerPage.getByRole('tab', { name: 'Sky Credits' }).count()).toBe(1)
    expect(await customerPage.getByTestId('balance-chip-label').textContent()).toBe('Sky Credits')
    // Amounts stay dollars; the symbol marks a number of credits.
    expect(await customerPage.getByTestId('custom-credits-balance').textContent()).toContain(
      '$12.50',
    )
    await customerPage.getByRole('heading', { name: 'Add Sky Credits' }).waitFor()
    await customerPage.getByRole('button', { name: '$25.00' }).click()
    await customerPage.getByText('= 25.00 SC').waitFor()
    expect(await customerPage.getByText(/custom credits/i).count()).toBe(0)
    await expectFits(customerPage, 'billing-renamed')
  }, 180_000)
})
