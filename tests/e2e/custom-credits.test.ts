import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { horizontalOverflow } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'

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

describe('custom credits on a phone: dialogs give focus back', () => {
  it('a removal dismissed with Escape changes nothing and returns focus to the Remove button', async () => {
    const admin = await seedUser('admin', 'Phone Admin')
    const customer = await seedUser('user', 'Phil Phone')
    await grantCredits(customer.id, admin, 1000)
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/users/${customer.id}/credits`)
    expect(await horizontalOverflow(page)).toEqual([])

    // The server's own rules, one problem per field, tied to it.
    const form = page.getByRole('form', { name: 'Remove credits' })
    await form.getByLabel('Amount (USD)').fill('0.001')
    await form.getByRole('button', { name: 'Remove credits' }).click()
    const amount = form.getByLabel('Amount (USD)')
    expect(await amount.getAttribute('aria-invalid')).toBe('true')
    const described = (await amount.getAttribute('aria-describedby')) ?? ''
    const errorId = described.split(' ').find((id) => id.endsWith('-error'))
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(
      /at most two decimal places/,
    )

    await amount.fill('4.00')
    await form.getByLabel('Reason').fill('Duplicate goodwill credit')
    const trigger = form.getByRole('button', { name: 'Remove credits' })
    await trigger.click()
    const dialog = page.getByRole('alertdialog', { name: 'Remove credits?' })
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    // Radix gives focus back in a timeout after the close, not with it.
    await expect
      .poll(() => trigger.evaluate((button) => button === document.activeElement))
      .toBe(true)
    expect(await page.getByTestId('admin-credit-balance').textContent()).toContain('$10.00')
    await page.close()
  })
})

describe('bulk credits', () => {
  it('previews a pasted CSV, applies it through the dialog and moves focus to the results', async () => {
    const admin = await seedUser('admin', 'Bulk Boss')
    const customer = await seedUser('user', 'Bea Bulk')
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/credits/bulk`)
    await page
      .getByLabel('Or paste the CSV')
      .fill(
        `email,amount,reason,action\n${customer.email},12.50,Spring promotion ${Date.now()},add\n`,
      )
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.getByText('Every row checks out').waitFor()
    expect(await horizontalOverflow(page)).toEqual([])

    await page.getByRole('button', { name: 'Apply', exact: true }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Apply 1 adjustment?' })
    expect(await dialog.getByTestId('bulk-confirm-adds').textContent()).toBe(
      '1 add totalling $12.50',
    )
    await dialog.getByRole('button', { name: 'Apply 1 row' }).click()
    await expect
      .poll(() => page.getByTestId('bulk-results-summary').textContent())
      .toMatch(/1 applied · 0 already applied before · 0 failed/)
    // The preview (and its dialog) gave way to the results: focus went with them.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Results')

    await page.goto(`${baseUrl}/admin/users/${customer.id}/credits`)
    expect(await page.getByTestId('admin-credit-balance').textContent()).toContain('$12.50')
    await page.close()
  })
})
