import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { extractPdfText } from '#server/lib/pdf/pdf-text.testing.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { horizontalOverflow } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'
import { buyCreditsThroughStub, stubPayPalSdk } from './paypal-sdk-stub.ts'

/**
 * Documents from the pages in Chromium (issue #14, ADR 027). DOCUMENTS_SHOTS=<dir> keeps
 * screenshots at 390 and 1280 px.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.DOCUMENTS_SHOTS
let browser: Browser

async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** A customer with a monthly server ordered from their credits: one charge, one invoice. */
async function customerWithInvoice(name: string) {
  const admin = await seedUser('admin', `${name} Admin`)
  const customer = await seedUser('user', name)
  await grantCredits(customer.id, admin, 5_000)
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    const product = await insertServerProduct(db, {
      name: 'Invoice Server Ω',
      description: 'A test server.',
      setupFeeCents: 0,
      prices: { monthly: 3_000 },
    })
    const service = await orderService(db, {
      userId: customer.id,
      productId: product.id,
      cycle: 'monthly',
    })
    return { admin, customer, service }
  } finally {
    await sql.end()
  }
}

/** The months a statement picker offers, newest first. */
const pickerMonths = (page: Page) =>
  page
    .getByLabel('Month')
    .locator('option')
    .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))

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
  return {
    name: file.suggestedFilename(),
    head: bytes.subarray(0, 5).toString('latin1'),
    bytes,
  }
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

    await buyCreditsThroughStub(page, baseUrl)

    // The statement picker: a real link, reachable from the keyboard, at 360 px without page scroll.
    const statement = page.getByTestId('statement-download')
    await statement.focus()
    expect(await statement.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    const month = new Date().toISOString().slice(0, 7)
    const pdf = await download(page, () => statement.click())
    expect({ name: pdf.name, head: pdf.head }).toEqual({
      name: `statement-${month}.pdf`,
      head: '%PDF-',
    })

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

  // Two widths, four logins and a PDF read back: minutes on a loaded machine.
  it(
    'the picker offers months by the server’s clock, never the browser’s; invoices from the service page and the admin credits tab read right',
    { timeout: 300_000 },
    async () => {
      const { admin, customer, service } = await customerWithInvoice('Ines Invoice → Ünïcode')
      const serverMonth = new Date().toISOString().slice(0, 7)
      for (const width of [390, 1280]) {
        const page = await browser.newPage({
          acceptDownloads: true,
          viewport: { width, height: width === 390 ? 844 : 800 },
        })
        // A browser whose clock is years ahead must not be offered (nor build) a later month.
        await page.clock.setFixedTime(new Date('2031-06-15T12:00:00Z'))
        await logIn(page, baseUrl, customer.email, E2E_PASSWORD)

        await page.goto(`${baseUrl}/billing?tab=credits`)
        await page.getByTestId('statement-download').waitFor()
        expect(await pickerMonths(page)).toEqual([serverMonth])
        expect(await page.getByTestId('statement-download').getAttribute('href')).toBe(
          `/api/statements/${serverMonth}.pdf`,
        )
        expect(await horizontalOverflow(page)).toEqual([])
        await shoot(page, `billing-credits-${width}`)

        await page.goto(`${baseUrl}/services/${service.id}`)
        const invoice = page.getByRole('link', { name: /^Invoice PDF INV-\d{4}-\d{6}$/ })
        await invoice.waitFor()
        expect(await horizontalOverflow(page)).toEqual([])
        await shoot(page, `service-${width}`)
        if (width === 390) {
          const file = await download(page, () => invoice.click())
          expect(file.name).toMatch(/^INV-\d{4}-\d{6}\.pdf$/)
          const text = (await extractPdfText(file.bytes)).join('\n')
          expect(text).toContain(file.name.replace('.pdf', ''))
          expect(text).toContain('Ines Invoice → Ünïcode')
          expect(text).toContain('Invoice Server Ω')
          expect(text).toContain('$30.00')
          expect(text).toMatch(/Charged on \d{4}-\d{2}-\d{2}/)
        }

        await page.goto(`${baseUrl}/transactions`)
        await page.getByRole('heading', { level: 1 }).waitFor()
        expect(await horizontalOverflow(page)).toEqual([])
        await shoot(page, `transactions-${width}`)
        await page.close()

        const adminPage = await browser.newPage({
          acceptDownloads: true,
          viewport: { width, height: width === 390 ? 844 : 800 },
        })
        await adminPage.clock.setFixedTime(new Date('2031-06-15T12:00:00Z'))
        await logIn(adminPage, baseUrl, admin.email, E2E_PASSWORD)
        await adminPage.goto(`${baseUrl}/admin/users/${customer.id}/credits`)
        await adminPage.getByTestId('statement-download').waitFor()
        expect(await pickerMonths(adminPage)).toEqual([serverMonth])
        expect(await adminPage.getByTestId('statement-download').getAttribute('href')).toBe(
          `/api/admin/users/${customer.id}/statements/${serverMonth}.pdf`,
        )
        const adminInvoice = adminPage.getByRole('link', { name: /^Invoice PDF INV-\d{4}-\d{6}$/ })
        await adminInvoice.waitFor()
        expect(await horizontalOverflow(adminPage)).toEqual([])
        await shoot(adminPage, `admin-credits-${width}`)
        await adminPage.close()
      }
    },
  )
})
