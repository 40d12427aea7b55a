import type { Browser } from 'playwright-core'
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

describe('PayPal top-ups from the billing page', () => {
  it('buys $25.00 of custom credits and $10.00 of tokens and sees both balances change', async () => {
    const customer = await seedUser('user', 'Paula Payer')
    const page = await browser.newPage()
    await stubPayPalSdk(page)
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)

    await page.goto(`${baseUrl}/billing?tab=credits`)
    await page.getByRole('button', { name: '$25.00' }).click()
    await page.getByText('= 25.00 credits').waitFor()
    // While the capture runs PayPal's buttons step aside for a pending "Completing payment…".
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/trpc/customCredits.captureOrder*', async (route) => {
      await released
      await route.continue()
    })
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    const busy = page.getByRole('button', { name: 'Completing payment…' })
    await busy.waitFor()
    expect(await busy.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: '$50.00' }).isDisabled()).toBe(true)
    release()
    await page
      .getByTestId('checkout-success')
      .getByText(/\$25\.00 of custom credits added/)
      .waitFor()
    await page.getByTestId('custom-credits-balance').getByText('$25.00').waitFor()

    await page.getByRole('tab', { name: 'VirtFusion Tokens' }).click()
    await page.getByRole('button', { name: '$10.00' }).click()
    await page.getByText('= 1,000 tokens').waitFor()
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    await page
      .getByTestId('checkout-success')
      .getByText(/1,000 tokens are being delivered/)
      .waitFor()
    // Delivery runs on the job queue after the capture commits; the card refreshes by itself.
    await page.getByTestId('token-balance').getByText('1,000 tokens').waitFor({ timeout: 45_000 })
    await expect
      .poll(() => page.getByTestId('custom-credits-balance').textContent())
      .toContain('$25.00')
    await page.close()
  })
})
