import { mkdirSync } from 'node:fs'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'
import { buyCreditsThroughStub, stubPayPalSdk } from './paypal-sdk-stub.ts'

/**
 * Tables as a phone and a desktop show them (issue #12): every column of a history, its
 * Document link above all, is seen without scrolling sideways, on a 390 px phone (rows become
 * cards) and beside the admin navigation at 1280 px. They stay tables for screen readers.
 * TABLES_SHOTS=<dir> keeps a screenshot of each page at both widths.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.TABLES_SHOTS
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 800 }

let browser: Browser
let admin: Awaited<ReturnType<typeof seedUser>>
let customer: Awaited<ReturnType<typeof seedUser>>
let serviceId = 0

beforeAll(async () => {
  browser = await launchBrowser()
  admin = await seedUser('admin', 'Tabitha Admin')
  customer = await seedUser('user', 'Theo Tables')
  await grantCredits(customer.id, admin, 20_000)
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    const product = await insertServerProduct(db, {
      name: 'Table Server',
      setupFeeCents: 2_500,
      prices: { monthly: 4_900 },
    })
    serviceId = (
      await orderService(db, { userId: customer.id, productId: product.id, cycle: 'monthly' })
    ).id
  } finally {
    await sql.end()
  }
  // A PayPal top-up: its receipt, and a row on /admin/payments.
  const page = await browser.newPage({ viewport: PHONE })
  await stubPayPalSdk(page)
  await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
  await buyCreditsThroughStub(page, baseUrl)
  await page.close()
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {})
}

/**
 * What of the table in `region` a user cannot see without scrolling: document links outside
 * the region's box or the viewport, a region that scrolls sideways (and whether it is then a
 * tab stop, as it must be).
 */
async function hiddenParts(page: Page, region: Locator): Promise<string[]> {
  const problems: string[] = []
  const viewport = page.viewportSize()!
  const box = (await region.boundingBox())!
  const { scrolls, focusable } = await region.evaluate((element) => ({
    scrolls: element.scrollWidth > element.clientWidth,
    focusable: element.getAttribute('tabindex') === '0',
  }))
  if (scrolls) problems.push(`the region scrolls sideways at ${viewport.width} px`)
  if (scrolls !== focusable)
    problems.push(
      `the region is ${focusable ? '' : 'not '}a tab stop and ${scrolls ? 'scrolls' : 'does not scroll'}`,
    )
  for (const link of await region.getByTestId('document-download').all()) {
    const name = (await link.textContent()) ?? ''
    const rect = await link.boundingBox()
    if (!rect || !(await link.isVisible())) problems.push(`${name}: not shown`)
    else if (
      rect.x < box.x ||
      rect.x + rect.width > Math.min(box.x + box.width, viewport.width) + 1
    )
      problems.push(
        `${name}: at ${Math.round(rect.x)}–${Math.round(rect.x + rect.width)} px, outside ${Math.round(box.x)}–${Math.round(box.x + box.width)} px`,
      )
  }
  return problems
}

async function visit(page: Page, path: string, shot: string) {
  await page.goto(`${baseUrl}${path}`)
  await settle(page)
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true })
    const width = page.viewportSize()!.width
    await page.screenshot({ path: `${SHOTS}/${shot}-${width}.png`, fullPage: true })
  }
}

describe('histories show every column without scrolling sideways', () => {
  it('customer pages at 390 and 1280 px: each transaction’s and charge’s document link is in view', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
    const problems: string[] = []
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport)
      for (const [path, shot, region, links] of [
        ['/transactions', 'transactions', 'Transactions', 3],
        ['/billing?tab=transactions', 'billing-transactions', 'Transactions', 3],
        [`/services/${serviceId}`, 'service', 'Charges of this service', 2],
        ['/', 'dashboard', 'Recent activity', 0],
      ] as const) {
        await visit(page, path, shot)
        const where = `${path} at ${viewport.width} px`
        const table = page.getByRole('region', { name: region })
        await table.waitFor()
        if (links > 0)
          await expect
            .poll(() => table.getByTestId('document-download').count(), { timeout: 15_000 })
            .toBe(links)
        problems.push(...(await hiddenParts(page, table)).map((line) => `${where}: ${line}`))
        problems.push(...(await horizontalOverflow(page)).map((line) => `${where}: ${line}`))
        for (const finding of await seriousAxeViolations(page))
          problems.push(
            `${where}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`,
          )
      }
    }
    for (const path of ['/billing', '/services', '/dns-plans']) {
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport)
        await visit(page, path, path.slice(1))
      }
    }
    expect(problems).toEqual([])
    await page.close()
  }, 240_000)

  it('on a phone a transaction is a card that is still a table row to a screen reader', async () => {
    const page = await browser.newPage({ viewport: PHONE })
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/transactions`)
    const table = page.getByRole('region', { name: 'Transactions' }).getByRole('table')
    await table.getByTestId('document-download').first().waitFor()
    const receiptRow = table.getByRole('row').filter({ hasText: 'Receipt PDF' })
    // Label and value side by side: the card shows "Document" beside the link.
    const cell = receiptRow.getByRole('cell').filter({ has: page.getByTestId('document-download') })
    expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).not.toBe('none')
    expect(await cell.getAttribute('data-label')).toBe('Document')
    // Seen as a table: headers, rows of cells; the cards' labels are not read a second time.
    expect(await table.getByRole('columnheader', { name: 'Document' }).count()).toBe(1)
    expect(await receiptRow.getByRole('cell').count()).toBe(7)
    expect(await table.getByRole('row').count()).toBe(1 + 4)
    // Only the header row's name holds the column names: the cards' labels are silent.
    for (const label of [/\bDate\b/, /Balance after/, /Document/])
      expect(await table.getByRole('row', { name: label }).count()).toBe(1)
    await page.close()
  }, 120_000)

  it('admin user pages fit at 1280 px beside the navigation, and on a phone', async () => {
    const page = await browser.newPage({ viewport: DESKTOP })
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    const problems: string[] = []
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport)
      const where = `/admin/users/${customer.id}/credits at ${viewport.width} px`
      await visit(page, `/admin/users/${customer.id}/credits`, 'admin-credits')
      const history = page.getByRole('region', { name: 'Credit history' })
      await expect
        .poll(() => history.getByTestId('document-download').count(), { timeout: 15_000 })
        .toBe(3)
      problems.push(...(await hiddenParts(page, history)).map((line) => `${where}: ${line}`))
      for (const finding of await seriousAxeViolations(page))
        problems.push(
          `${where}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`,
        )
      await visit(page, `/admin/users/${customer.id}/virtfusion`, 'admin-virtfusion')
      await visit(page, '/admin/payments?show=all', 'admin-payments')
      const topups = page.getByRole('region', { name: 'Top-ups' })
      await topups.waitFor()
      if (viewport === PHONE)
        problems.push(
          ...(await hiddenParts(page, topups)).map((line) => `/admin/payments: ${line}`),
        )
      await visit(page, '/admin/reports', 'admin-reports')
    }
    expect(problems).toEqual([])
    await page.close()
  }, 240_000)
})
