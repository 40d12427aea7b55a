import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { serviceCharges, services } from '#db/schema/index.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'

/**
 * The admin services list and detail in Chromium (issue #13): filters by status and user in the
 * URL; a customer's ordered server provisioned, suspended (refused without a reason),
 * unsuspended, extended and a charge refunded from its page, focus back on the button that
 * opened each dialog. No serious axe finding at 1280 and 390 px, no sideways scroll at 390 px.
 * ADMIN_SERVICES_SCREENSHOTS=<dir> keeps a screenshot of each page at both widths.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.ADMIN_SERVICES_SCREENSHOTS
let browser: Browser
let page: Page
let admin: Awaited<ReturnType<typeof seedUser>>

function withDb<T>(run: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  return run(db).finally(() => sql.end())
}

/** A dedicated-server product: $129.00 a month, $49.00 setup. */
async function seedProduct() {
  return withDb((db) =>
    insertServerProduct(db, {
      name: `E2E List ${randomUUID().slice(0, 8)}`,
      setupFeeCents: 4900,
      prices: { monthly: 12900 },
    }),
  )
}

/** A customer who ordered the product through the engine (charged: purchase and setup fee). */
async function customerWithOrder(name: string, productId: number) {
  const customer = await seedUser('user', name)
  await grantCredits(customer.id, admin, 50_000)
  const service = await withDb((db) =>
    orderService(db, { userId: customer.id, productId, cycle: 'monthly' }),
  )
  return { customer, service }
}

async function layoutProblems(name: string): Promise<string[]> {
  const problems: string[] = []
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(viewport)
    if (SHOTS)
      await page.screenshot({ path: `${SHOTS}/${name}-${viewport.width}.png`, fullPage: true })
    for (const finding of await seriousAxeViolations(page))
      problems.push(
        `${name} ${viewport.width}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`,
      )
    if (viewport.width === 390)
      for (const line of await horizontalOverflow(page)) problems.push(`${name} 390: ${line}`)
  }
  return problems
}

const focusedText = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '')

const rows = () => page.getByTestId('admin-service-row')

beforeAll(async () => {
  browser = await launchBrowser()
  admin = await seedUser('admin', 'Ada Admin')
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
}, 120_000)
afterAll(async () => {
  await browser?.close()
})

describe('admin services list and detail', () => {
  it('filters by status and by user, in the URL', async () => {
    const product = await seedProduct()
    const first = await customerWithOrder('Lena Lister', product.id)
    const second = await customerWithOrder('Otto Other', product.id)
    await withDb((db) =>
      db.update(services).set({ status: 'suspended' }).where(eq(services.id, second.service.id)),
    )

    await page.goto(`${baseUrl}/admin/services`)
    await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor()
    await page.getByLabel('Status').selectOption('suspended')
    await page.waitForURL(/status=suspended/)
    await page.getByLabel('User').fill(second.customer.email)
    await page.getByLabel('User').press('Enter')
    await page.waitForURL(/user=/)
    await expect.poll(() => rows().count()).toBe(1)
    expect(await rows().first().textContent()).toContain('Otto Other')
    expect(await rows().first().textContent()).toContain('Suspended')

    // By user id: the first customer's pending order only.
    await page.goto(`${baseUrl}/admin/services?user=${first.customer.id}`)
    await expect.poll(() => rows().count()).toBe(1)
    const row = rows().first()
    expect(await row.textContent()).toContain(product.name)
    expect(await row.textContent()).toContain('$129.00')
    expect(await layoutProblems('admin-services-list')).toEqual([])
    await row.getByRole('link', { name: `#${first.service.id}` }).click()
    await page.getByRole('heading', { name: `Service #${first.service.id}` }).waitFor()
  }, 180_000)

  it('provisions, suspends (not without a reason), unsuspends, extends and refunds', async () => {
    const product = await seedProduct()
    const { customer, service } = await customerWithOrder('Rita Refund', product.id)
    await page.goto(`${baseUrl}/admin/services/${service.id}`)
    await page.getByRole('heading', { name: `Service #${service.id}` }).waitFor()
    const status = page.getByTestId('service-status')
    expect(await status.textContent()).toBe('Being set up')
    const actions = page.getByTestId('service-actions')
    const statusButton = actions.getByRole('button').first()

    // Provision (the queue's dialog): the same button then reads Suspend and keeps focus.
    await statusButton.click()
    let dialog = page.getByRole('dialog')
    await dialog.getByLabel('Hostname').fill('srv-list.example.com')
    await dialog.getByLabel('IP address').fill('203.0.113.21')
    await dialog.getByLabel('Reason').fill('Racked in Frankfurt')
    await dialog.getByRole('button', { name: 'Mark active' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => status.textContent()).toBe('Active')
    expect(await statusButton.textContent()).toBe('Suspend')
    expect(await focusedText()).toBe('Suspend')
    expect(await layoutProblems('admin-service-detail')).toEqual([])

    // Suspend: refused without a reason, nothing sent; then done, focus back on the button.
    await statusButton.click()
    const confirm = page.getByRole('alertdialog')
    await confirm.getByRole('button', { name: 'Suspend' }).click()
    await confirm
      .getByText(/Reason/)
      .first()
      .waitFor()
    expect(await confirm.getByRole('alert').count()).toBeGreaterThan(0)
    expect(await status.textContent()).toBe('Active')
    if (SHOTS) {
      await page.setViewportSize({ width: 390, height: 844 })
      await page.screenshot({ path: `${SHOTS}/suspend-dialog-390.png` })
      await page.setViewportSize({ width: 1280, height: 800 })
    }
    await confirm.getByLabel('Reason').fill('Abuse report #42')
    await confirm.getByRole('button', { name: 'Suspend' }).click()
    await confirm.waitFor({ state: 'detached' })
    await page.getByText(`Service #${service.id} suspended`, { exact: true }).waitFor()
    expect(await status.textContent()).toBe('Suspended')
    expect(await focusedText()).toBe('Unsuspend')

    await statusButton.click()
    await confirm.getByLabel('Reason').fill('Abuse report resolved')
    await confirm.getByRole('button', { name: 'Unsuspend' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect(await status.textContent()).toBe('Active')
    expect(await focusedText()).toBe('Suspend')

    // Extend by 10 days: refused out of range by the server's schema, then done.
    const periodEnd = page.getByTestId('service-period-end')
    const before = await periodEnd.textContent()
    const extend = actions.getByRole('button', { name: 'Extend' })
    await extend.click()
    dialog = page.getByRole('dialog')
    await dialog.getByLabel('Days').fill('400')
    await dialog.getByLabel('Reason').fill('Outage credit')
    await dialog.getByRole('button', { name: 'Extend' }).click()
    await dialog.getByText('Extend by 1 to 365 days').waitFor()
    await dialog.getByLabel('Days').fill('10')
    await dialog.getByRole('button', { name: 'Extend' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(`Service #${service.id} extended by 10 days`, { exact: true }).waitFor()
    expect(await periodEnd.textContent()).not.toBe(before)
    expect(await focusedText()).toBe('Extend')

    // Refund part of the setup fee: the row keeps its button with what is left.
    const setupRow = page.getByTestId('service-charge-row').filter({ hasText: 'Setup fee' })
    const refundButton = setupRow.getByRole('button', { name: /^Refund/ })
    await refundButton.click()
    dialog = page.getByRole('dialog')
    expect(await dialog.getByLabel('Amount (USD)').inputValue()).toBe('49.00')
    await dialog.getByLabel('Amount (USD)').fill('60.00')
    await dialog.getByLabel('Reason').fill('Setup took a week')
    await dialog.getByRole('button', { name: 'Refund' }).click()
    await dialog.getByRole('alert').first().waitFor()
    await dialog.getByLabel('Amount (USD)').fill('19.00')
    await dialog.getByRole('button', { name: 'Refund' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(`Refunded $19.00 to ${customer.name}`, { exact: true }).waitFor()
    await expect.poll(() => setupRow.textContent()).toContain('$19.00')
    expect(await focusedText()).toBe('Refund')
    const [charge] = await withDb((db) =>
      db
        .select()
        .from(serviceCharges)
        .where(eq(serviceCharges.serviceId, service.id))
        .then((all) => all.filter((each) => each.kind === 'setup_fee')),
    )
    expect(charge!.refundedCents).toBe(1900)

    // The lifecycle events of these changes are listed with their delivery.
    expect(await page.getByTestId('service-event-row').count()).toBeGreaterThanOrEqual(3)
  }, 240_000)
})
