import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
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

const dollars = (text: string | null) => {
  const match = /-?\$[\d,]+\.\d{2}/.exec(text ?? '')
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`)
  const negative = match[0].startsWith('-')
  const [whole, cents] = match[0].replace(/[-$,]/g, '').split('.') as [string, string]
  return (negative ? -1 : 1) * (Number(whole) * 100 + Number(cents))
}

describe('DNS plans in the browser', () => {
  it('buys Pro with credits, upgrades to Enterprise at the prorated price, cancels; balance and history agree', async () => {
    const admin = await seedUser('admin', 'Plan Admin')
    const customer = await seedUser('user', 'Dana Domains')
    const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
    await adjustCreditsByAdmin(db, {
      userId: customer.id,
      amount: 10000,
      reason: 'e2e funds',
      direction: 'add',
      admin,
    })
    await sql.end()

    const page = await browser.newPage()
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/dns-plans`)

    await page.getByRole('button', { name: 'Buy Pro' }).click()
    const buy = page.getByRole('alertdialog', { name: 'Buy Pro?' })
    await buy.getByTestId('buy-amount').getByText('$15.00').waitFor()
    await buy.getByRole('button', { name: 'Buy for $15.00' }).click()
    await page.getByTestId('current-dns-plan').getByText('Pro').first().waitFor()

    await page.getByRole('button', { name: 'Switch to Enterprise' }).click()
    const upgrade = page.getByRole('alertdialog', { name: 'Upgrade to Enterprise?' })
    await upgrade.waitFor()
    const quoted = dollars(await upgrade.getByTestId('change-amount').textContent())
    // Bought a moment ago: almost the whole period is left, so nearly the full $35.00 difference.
    expect(quoted).toBeGreaterThan(3400)
    expect(quoted).toBeLessThanOrEqual(3500)
    await upgrade.getByRole('button', { name: /^Upgrade for \$/ }).click()
    await page.getByTestId('current-dns-plan').getByText('Enterprise').first().waitFor()

    await page.getByRole('button', { name: 'Cancel plan' }).click()
    await page
      .getByRole('alertdialog', { name: 'Cancel your DNS plan?' })
      .getByRole('button', { name: 'Cancel plan' })
      .click()
    await page
      .getByTestId('dns-plan-period')
      .getByText(/Ends on/)
      .waitFor()

    // The balance and the history tell the same story: $100.00 - $15.00 - the quoted upgrade.
    const expected = 10000 - 1500 - quoted
    await page.goto(`${baseUrl}/billing?tab=transactions`)
    await expect
      .poll(async () => dollars(await page.getByTestId('custom-credits-balance').textContent()))
      .toBe(expected)
    const rows = page.getByTestId('transaction-row')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.nth(0).textContent()).toContain('DNS plan upgrade')
    expect(await rows.nth(1).textContent()).toContain('DNS plan purchase')
    expect(dollars(await rows.nth(0).locator('td').nth(3).textContent())).toBe(-quoted)
    expect(dollars(await rows.nth(0).locator('td').nth(4).textContent())).toBe(expected)
    await page.close()
  })
})
