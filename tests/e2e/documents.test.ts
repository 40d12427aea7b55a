import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'
import { stubPayPalSdk } from './paypal-sdk-stub.ts'

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** Clicks a download link and returns the file's name and first bytes. */
async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  const bytes = await readFile(await file.path())
  return { name: file.suggestedFilename(), head: bytes.subarray(0, 5).toString('latin1') }
}

describe('documents from the pages', () => {
  it('a top-up’s receipt downloads from its transaction row, and the month’s statement from the picker', async () => {
    const customer = await seedUser('user', 'Dora Documents → Ünïcode')
    const page = await browser.newPage({
      acceptDownloads: true,
      viewport: { width: 360, height: 800 },
    })
    await stubPayPalSdk(page)
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)

    await page.goto(`${baseUrl}/billing?tab=credits`)
    await page.getByRole('button', { name: '$25.00' }).click()
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    await page.getByTestId('checkout-success').waitFor()

    // The statement picker: a real link, reachable from the keyboard, at 360 px without page scroll.
    const statement = page.getByTestId('statement-download')
    await statement.focus()
    expect(await statement.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const month = new Date().toISOString().slice(0, 7)
    const pdf = await download(page, () => statement.click())
    expect(pdf).toEqual({ name: `statement-${month}.pdf`, head: '%PDF-' })

    // The receipt, from the top-up's row in the history.
    await page.goto(`${baseUrl}/transactions`)
    const receipt = page.getByRole('link', { name: /^Receipt PDF RCT-\d{4}-\d{6}$/ })
    await receipt.waitFor()
    const file = await download(page, () => receipt.click())
    expect(file.name).toMatch(/^RCT-\d{4}-\d{6}\.pdf$/)
    expect(file.head).toBe('%PDF-')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.close()
  })
})
