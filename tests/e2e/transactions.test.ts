import { sql as drizzleSql } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { tokenTransactions } from '#db/schema/index.ts'
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

/** `count` delivered token purchases, one a day back from yesterday (older than any credit entry). */
async function seedTokenHistory(userId: number, count: number) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    await db.insert(tokenTransactions).values(
      Array.from({ length: count }, (_, i) => ({
        userId,
        type: 'purchase' as const,
        tokens: 1000,
        status: 'delivered' as const,
        description: `Token purchase ${i + 1}`,
        createdAt: drizzleSql`now() - make_interval(days => ${i + 1})`,
      })),
    )
  } finally {
    await sql.end()
  }
}

async function signedIn(name: string, width = 1280, height = 800) {
  const user = await seedUser('user', name)
  const page = await browser.newPage({ viewport: { width, height } })
  await logIn(page, baseUrl, user.email, E2E_PASSWORD)
  return { user, page }
}

const describedBy = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const ids = document.querySelector(sel)?.getAttribute('aria-describedby') ?? ''
    return ids
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
  }, selector)

describe('Transactions view', () => {
  it('a new user sees "No transactions yet" on the dashboard and the Transactions page', async () => {
    const { page } = await signedIn('Nina New')
    await page.goto(`${baseUrl}/`)
    await page.getByText('No transactions yet').waitFor()
    await page.goto(`${baseUrl}/transactions`)
    await page.getByText('No transactions yet').waitFor()
    expect(await page.getByText('No transactions match these filters').count()).toBe(0)
    await page.close()
  })

  it('filters both balances; errors sit at their fields, together, and keep the table; Clear resets; paging keeps the scroll', async () => {
    const admin = await seedUser('admin', 'Filter Admin')
    const { user, page } = await signedIn('Fiona Filters')
    await seedTokenHistory(user.id, 55)
    await grantCredits(user.id, admin, 2500)
    await page.goto(`${baseUrl}/transactions`)
    const rows = page.getByTestId('transaction-row')
    await expect.poll(() => rows.count()).toBe(25)
    expect(await rows.first().getAttribute('data-balance')).toBe('credits')
    expect(await rows.nth(1).textContent()).toContain('+1,000 tokens')

    // One filter set for both balances.
    await page.getByLabel('Balance').selectOption('credits')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await expect.poll(() => rows.count()).toBe(1)
    expect(new URL(page.url()).searchParams.get('balance')).toBe('credits')
    const csv = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')
    expect(csv).toBe('/api/billing/transactions.csv?balance=credits')

    // Two bad fields at once: both errors shown, each tied to its input; the table stays.
    await page.getByLabel('From').fill('2026-05-02')
    await page.getByLabel('To').fill('2026-05-01')
    await page.getByLabel('Search description or reason').fill('x'.repeat(201))
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByTestId('filter-problems').waitFor()
    expect(await describedBy(page, '#filter-from')).toContain('start date must be before')
    expect(await describedBy(page, '#filter-search')).toContain('at most 200 characters')
    expect(await page.locator('#filter-from').getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => rows.count()).toBe(25)

    // Clear empties every input, including ones typed but never applied.
    await page.getByLabel('Type').selectOption('refund')
    await page.getByRole('link', { name: 'Clear', exact: true }).click()
    await page.waitForURL((url) => url.search === '')
    await expect.poll(() => page.locator('#filter-from').inputValue()).toBe('')
    expect(await page.locator('#filter-to').inputValue()).toBe('')
    expect(await page.locator('#filter-search').inputValue()).toBe('')
    expect(await page.locator('#filter-type').inputValue()).toBe('')
    expect(await page.locator('#filter-balance').inputValue()).toBe('all')
    expect(await page.getByTestId('filter-problems').count()).toBe(0)

    // A filter that matches nothing says so (not "No transactions yet").
    await page.getByLabel('Search description or reason').fill('no such entry')
    await page.getByRole('button', { name: 'Apply filters' }).click()
    await page.getByText('No transactions match these filters').waitFor()
    await page.getByRole('link', { name: 'Clear', exact: true }).click()
    await expect.poll(() => rows.count()).toBe(25)

    // The pager keeps the filters and the scroll position.
    const next = page.getByRole('link', { name: 'Next →' })
    await next.scrollIntoViewIfNeeded()
    const before = await page.evaluate(() => window.scrollY)
    expect(before).toBeGreaterThan(0)
    await next.click()
    await page.waitForURL((url) => url.searchParams.get('page') === '2')
    await expect.poll(() => rows.count()).toBe(25)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
    await page.close()
  })

  it('fits a phone: the rows stack as cards, so neither the table nor the page scrolls sideways', async () => {
    const { user, page } = await signedIn('Phil Phone', 390, 844)
    await seedTokenHistory(user.id, 3)
    await page.goto(`${baseUrl}/transactions`)
    await page.getByTestId('transaction-row').first().waitFor()
    const region = page.getByRole('region', { name: 'Transactions' })
    // Nothing to scroll to, so the region is no tab stop (it is one while a table scrolls).
    await expect.poll(() => region.getAttribute('tabindex')).toBeNull()
    expect(await region.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0)
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow).toBeLessThanOrEqual(0)
    await page.close()
  })
})
