import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
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

const dollars = (text: string | null) => {
  const match = /-?\$[\d,]+\.\d{2}/.exec(text ?? '')
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`)
  const negative = match[0].startsWith('-')
  const [whole, cents] = match[0].replace(/[-$,]/g, '').split('.') as [string, string]
  return (negative ? -1 : 1) * (Number(whole) * 100 + Number(cents))
}

/** A customer with `cents` of custom credits, signed in on the DNS plans page. */
async function customerOnPlansPage(cents: number, name: string): Promise<Page> {
  const admin = await seedUser('admin', `${name} Admin`)
  const customer = await seedUser('user', name)
  await grantCredits(customer.id, admin, cents)
  const page = await browser.newPage()
  await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
  await page.goto(`${baseUrl}/dns-plans`)
  await page.getByTestId('dns-balance').waitFor()
  return page
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

/** Where focus is (the element's id, else its tag and text) and whether its ring shows. */
const focus = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement
    if (!(active instanceof HTMLElement)) return { on: 'nothing', ring: false }
    const ring =
      active.matches(':focus-visible') && getComputedStyle(active).outlineStyle !== 'none'
    return { on: active.id || `${active.tagName} ${active.textContent ?? ''}`, ring }
  })

/** Focus reaches the plan summary's heading and is still there a moment later. */
async function expectFocusOnSummary(page: Page, ring?: boolean) {
  const expected = ring === undefined ? 'current-dns-plan' : { on: 'current-dns-plan', ring }
  const read = async () => (ring === undefined ? (await focus(page)).on : await focus(page))
  await expect.poll(read).toEqual(expected)
  await page.waitForTimeout(300)
  expect(await read()).toEqual(expected)
}

describe('DNS plans in the browser', () => {
  it('buys Pro with credits, upgrades to Enterprise at the prorated price, cancels; balance and history agree', async () => {
    const page = await customerOnPlansPage(10000, 'Dana Domains')

    // Escape closes the buy dialog and gives focus back to the button that opened it.
    await page.getByRole('button', { name: 'Buy Pro' }).click()
    const buy = page.getByRole('alertdialog', { name: 'Buy Pro?' })
    await buy.getByTestId('buy-amount').getByText('$15.00').waitFor()
    await page.keyboard.press('Escape')
    await buy.waitFor({ state: 'detached' })
    await expect.poll(() => focusedText(page)).toBe('Buy Pro')

    await page.keyboard.press('Enter')
    await buy.getByRole('button', { name: 'Buy for $15.00' }).click()
    await page.getByTestId('current-dns-plan').getByText('Pro').first().waitFor()
    // The Buy button went away with the purchase: focus goes to the summary of the new plan.
    await expectFocusOnSummary(page)

    // The current plan is highlighted: its ring is indigo, not the default slate (a class conflict lost it).
    const current = page.locator('[data-testid="dns-plan-card"][aria-current="true"]')
    await expect.poll(() => current.getByRole('heading').textContent()).toBe('Pro')
    const ring = await current.evaluate((el) => getComputedStyle(el).boxShadow)
    expect(ring).toContain('rgb(79, 70, 229)')

    // The switch dialog too returns focus on Escape, although its button was busy meanwhile.
    await page.getByRole('button', { name: 'Switch to Enterprise' }).click()
    const upgrade = page.getByRole('alertdialog', { name: 'Upgrade to Enterprise?' })
    await upgrade.waitFor()
    await page.keyboard.press('Escape')
    await upgrade.waitFor({ state: 'detached' })
    await expect.poll(() => focusedText(page)).toBe('Switch to Enterprise')

    await page.getByRole('button', { name: 'Switch to Enterprise' }).click()
    await upgrade.waitFor()
    const quoted = dollars(await upgrade.getByTestId('change-amount').textContent())
    // Bought a moment ago: almost the whole period is left, so nearly the full $35.00 difference.
    expect(quoted).toBeGreaterThan(3400)
    expect(quoted).toBeLessThanOrEqual(3500)
    expect(await upgrade.getByTestId('cannot-afford').count()).toBe(0)
    // Confirmed from the keyboard: focus lands on the summary, and its ring shows.
    await upgrade.getByRole('button', { name: /^Upgrade for \$/ }).press('Enter')
    await page.getByTestId('current-dns-plan').getByText('Enterprise').first().waitFor()
    await expectFocusOnSummary(page, true)

    await page.getByRole('button', { name: 'Cancel plan' }).click()
    await page
      .getByRole('alertdialog', { name: 'Cancel your DNS plan?' })
      .getByRole('button', { name: 'Cancel plan' })
      .click()
    await page
      .getByTestId('dns-plan-period')
      .getByText(/Ends on/)
      .waitFor()
    await expectFocusOnSummary(page)

    // The balance and the history tell the same story: $100.00 - $15.00 - the quoted upgrade.
    const expected = 10000 - 1500 - quoted
    await page.goto(`${baseUrl}/transactions?balance=credits`)
    const rows = page.getByTestId('transaction-row')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.nth(0).textContent()).toContain('DNS plan upgrade')
    expect(await rows.nth(1).textContent()).toContain('DNS plan purchase')
    expect(dollars(await rows.nth(0).locator('td').nth(4).textContent())).toBe(-quoted)
    expect(dollars(await rows.nth(0).locator('td').nth(5).textContent())).toBe(expected)
    await page.goto(`${baseUrl}/`)
    expect(dollars(await page.getByTestId('dashboard-credits').textContent())).toBe(expected)
    await page.close()
  })

  it('says before confirming that an upgrade is not affordable, with a prefilled top-up; warns about the renewal', async () => {
    // $20.00: Pro ($15.00) leaves $5.00, short of both the upgrade and Pro's next renewal.
    const page = await customerOnPlansPage(2000, 'Sam Short')
    await page.getByRole('button', { name: 'Buy Pro' }).click()
    await page
      .getByRole('alertdialog', { name: 'Buy Pro?' })
      .getByRole('button', { name: 'Buy for $15.00' })
      .click()
    await page.getByTestId('current-dns-plan').getByText('Pro').first().waitFor()

    const renewal = page.getByTestId('renewal-warning')
    await renewal.waitFor()
    expect(await renewal.textContent()).toMatch(/\$10\.00 short/)
    expect(await renewal.getByRole('link').getAttribute('href')).toBe(
      '/billing?tab=credits&amount=10.00',
    )

    await page.getByRole('button', { name: 'Switch to Enterprise' }).click()
    const upgrade = page.getByRole('alertdialog', { name: 'Upgrade to Enterprise?' })
    const warning = upgrade.getByTestId('cannot-afford')
    await warning.waitFor()
    const quoted = dollars(await upgrade.getByTestId('change-amount').textContent())
    const missing = quoted - 500
    expect(dollars(await warning.textContent())).toBe(missing)
    const href = await warning.getByRole('link').getAttribute('href')
    expect(href).toBe(
      `/billing?tab=credits&amount=${Math.trunc(missing / 100)}.${String(missing % 100).padStart(2, '0')}`,
    )
    expect(await upgrade.getByRole('button', { name: /^Upgrade for \$/ }).isDisabled()).toBe(true)

    // The dashboard shows the same renewal and the same warning.
    await page.keyboard.press('Escape')
    await page.goto(`${baseUrl}/`)
    expect(await page.getByTestId('dashboard-renewal').textContent()).toContain('$15.00')
    await page.getByTestId('renewal-warning').waitFor()
    await page.close()
  })
})
