import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function fillAdjustment(
  page: Page,
  form: 'Add credits' | 'Remove credits',
  amount: string,
  reason: string,
) {
  const region = page.getByRole('form', { name: form })
  await region.getByLabel('Amount (USD)').fill(amount)
  await region.getByLabel('Reason').fill(reason)
  await region.getByRole('button', { name: form }).click()
}

describe('custom credits: admin adjusts, the user sees it', () => {
  it('adds $25.00, then removes $30.00 through the confirmation dialog into a -$5.00 balance the user owes', async () => {
    const admin = await seedUser('admin', 'Credit Boss')
    const customer = await seedUser('user', 'Cathy Customer')

    const adminPage = await browser.newPage()
    await logIn(adminPage, baseUrl, admin.email, E2E_PASSWORD)
    await adminPage.goto(`${baseUrl}/admin/users/${customer.id}/credits`)

    await fillAdjustment(adminPage, 'Add credits', '25.00', 'Welcome credit for migration')
    await adminPage.getByTestId('admin-credit-balance').getByText('$25.00').waitFor()

    const userPage = await browser.newPage()
    await logIn(userPage, baseUrl, customer.email, E2E_PASSWORD)
    await userPage.goto(`${baseUrl}/billing?tab=credits`)
    await userPage.getByTestId('custom-credits-balance').getByText('$25.00').waitFor()
    await userPage.getByRole('cell', { name: /Reason: Welcome credit for migration/ }).waitFor()

    await fillAdjustment(adminPage, 'Remove credits', '30.00', 'Chargeback on the original payment')
    const dialog = adminPage.getByRole('alertdialog', { name: 'Remove credits?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toMatch(/negative balance of -\$5\.00/)
    await dialog.getByRole('button', { name: 'Remove credits' }).click()
    await adminPage.getByTestId('admin-credit-balance').getByText('-$5.00').waitFor()

    // No reload: the open page refreshes its own data in the background.
    const balance = userPage.getByTestId('custom-credits-balance')
    await balance.getByText('-$5.00').waitFor({ timeout: 30_000 })
    await balance.getByText('owed').waitFor()
    await expect
      .poll(() => userPage.getByTestId('balance-chip').textContent(), { timeout: 30_000 })
      .toBe('-$5.00')
    await userPage.goto(`${baseUrl}/billing?tab=transactions`)
    await expect.poll(() => userPage.getByTestId('transaction-row').count()).toBe(2)
    await adminPage.close()
    await userPage.close()
  })
})
