import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { topups } from '#db/schema/index.ts'
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

/**
 * Top-ups in June 2021, a month no other browser test touches, so the figures are ours
 * alone: one completed $123.45 credit purchase and one declined payment.
 */
async function seedJune2021(userId: number) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    await db.insert(topups).values([
      {
        userId,
        purpose: 'custom_credits',
        status: 'completed',
        amountCents: 12_345,
        createdAt: new Date('2021-06-15T09:58:00Z'),
        updatedAt: new Date('2021-06-15T10:00:00Z'),
        completedAt: new Date('2021-06-15T10:00:00Z'),
      },
      {
        userId,
        purpose: 'custom_credits',
        status: 'failed',
        amountCents: 4_200,
        failureReason: 'Card declined in the e2e test',
        createdAt: new Date('2021-06-16T08:00:00Z'),
        updatedAt: new Date('2021-06-16T08:01:00Z'),
      },
    ])
  } finally {
    await sql.end()
  }
}

describe('admin reports', () => {
  it('shows charts, tables and seeded figures for a chosen range, and exports CSV', async () => {
    const admin = await seedUser('admin', 'Report Reader')
    const payer = await seedUser('user', 'Paying Pat')
    await seedJune2021(payer.id)

    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/users`)
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/reports'),
      page
        .getByRole('navigation', { name: 'Admin' })
        .getByRole('link', { name: 'Reports' })
        .click(),
    ])
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor()

    // The GET form puts the range in the URL.
    const form = page.getByRole('form', { name: 'Report range' })
    await form.getByLabel('From (UTC)').fill('2021-06-01')
    await form.getByLabel('To (UTC, exclusive)').fill('2021-07-01')
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get('from') === '2021-06-01'),
      form.getByRole('button', { name: 'Show report' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('to')).toBe('2021-07-01')
    await page.getByText('2021-06-01 through 2021-06-30 (UTC)').waitFor()

    for (const name of [
      'Credits outstanding',
      'Top-ups per day',
      'Credits spent per day',
      'DNS revenue per month',
      'Active subscriptions by plan',
      'Failed and refunded payments',
    ]) {
      await page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) }).waitFor()
    }

    // Two SVG charts, each an image with a title.
    const topupsChart = page.getByRole('img', {
      name: /^Top-ups per day, 2021-06-01 to 2021-06-30/,
    })
    await topupsChart.waitFor()
    expect(await topupsChart.evaluate((svg) => svg.tagName.toLowerCase())).toBe('svg')
    expect(await topupsChart.locator('title').first().textContent()).toBe(
      'Top-ups per day, 2021-06-01 to 2021-06-30 (UTC)',
    )
    await page.getByRole('img', { name: /^Credits spent per day/ }).waitFor()
    expect(await page.locator('svg[role="img"] > title').count()).toBe(2)
    // One bar per day of June.
    expect(await topupsChart.locator(':scope > g > title').count()).toBe(30)

    // The seeded figures: in the chart's data table and the failed payments table.
    const topupsSection = page.getByTestId('report-topups')
    await topupsSection.getByText('Top-ups per day: data table').click()
    const juneFifteenth = topupsSection.getByRole('row', { name: /^2021-06-15/ })
    await juneFifteenth.waitFor()
    expect(await juneFifteenth.textContent()).toContain('$123.45')
    expect(await topupsSection.getByText(/^1 completed top-up, \$123\.45/).count()).toBe(1)
    const failedRow = page
      .getByTestId('report-problem-payments')
      .getByRole('row', { name: /Card declined in the e2e test/ })
    await failedRow.waitFor()
    expect(await failedRow.textContent()).toContain('$42.00')
    expect(await failedRow.textContent()).toContain(payer.email)

    // The export link downloads CSV with the page's session.
    const exportLink = page.getByRole('link', { name: 'Export CSV: Top-ups per day' })
    const href = await exportLink.getAttribute('href')
    expect(href).toBe('/admin/reports/topups-per-day.csv?from=2021-06-01&to=2021-07-01')
    const response = await page.request.get(`${baseUrl}${href}`)
    expect(response.status()).toBe(200)
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8')
    const csv = await response.text()
    expect(csv.split('\n')[0]).toBe('day_utc,purpose,count,amount_usd')
    expect(csv).toContain('\n2021-06-15,custom_credits,1,123.45\n')
    expect(csv).toContain('\n2021-06-14,custom_credits,0,0.00\n')

    const problemsHref = await page
      .getByRole('link', { name: 'Export CSV: Failed and refunded payments' })
      .getAttribute('href')
    const problems = await page.request.get(`${baseUrl}${problemsHref}`)
    expect(problems.headers()['content-type']).toBe('text/csv; charset=utf-8')
    expect(await problems.text()).toContain(
      `,2021-06-16,${payer.email},custom_credits,failed,42.00,0.00,Card declined in the e2e test\n`,
    )
    await page.close()
  })

  it('refuses the CSV export to a signed-in user who is not an admin', async () => {
    const user = await seedUser('user', 'Curious Carl')
    const page = await browser.newPage()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    const response = await page.request.get(
      `${baseUrl}/admin/reports/topups-per-day.csv?from=2021-06-01&to=2021-07-01`,
    )
    expect(response.status()).toBe(403)
    await page.close()
  })
})
