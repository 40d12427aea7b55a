import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { serviceEventDeliveries, serviceEvents, services } from '#db/schema/index.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, insertServerProduct, seedUser } from './helpers.ts'

/**
 * The services admin pages in Chromium (issue #13): an admin provisions a paid dedicated server
 * from the queue and it leaves the queue; creates a product and changes one of its prices;
 * redelivers a failed webhook event and sees the attempt it made. None of these pages scrolls
 * sideways on a phone.
 */

const baseUrl = inject('e2eBaseUrl')
const DAY = 24 * 60 * 60 * 1000
let browser: Browser

function withDb<T>(run: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  return run(db).finally(() => sql.end())
}

/** A dedicated-server product and a service of it, written straight into the database. */
async function seedServer(userId: number, status: 'pending' | 'active') {
  return withDb(async (db) => {
    const product = await insertServerProduct(db, {
      name: `E2E Server ${randomUUID().slice(0, 8)}`,
      setupFeeCents: 4900,
      prices: { monthly: 12900 },
    })
    const start = new Date(Date.now() - DAY)
    const [service] = await db
      .insert(services)
      .values({
        userId,
        productId: product.id,
        family: 'dedicated_server',
        cycle: 'monthly',
        status,
        currentPeriodStart: start,
        currentPeriodEnd: new Date(start.getTime() + 30 * DAY),
        anchorDay: start.getUTCDate(),
        pricePaidCents: 12900,
        recurringPriceCents: 12900,
      })
      .returning()
    return { product, service: service! }
  })
}

/** A webhook event that gave up four days ago (no receiver answered). */
async function seedFailedEvent(serviceId: number) {
  return withDb(async (db) => {
    const createdAt = new Date(Date.now() - 4 * DAY)
    const [event] = await db
      .insert(serviceEvents)
      .values({
        serviceId,
        family: 'dedicated_server',
        type: 'suspended',
        payload: { service: { id: serviceId, productName: 'E2E' } },
        deliveryState: 'failed',
        attempts: 0,
        lastError: 'E2E: connection refused',
        createdAt,
        nextAttemptAt: createdAt,
      })
      .returning()
    return event!
  })
}

const SHOTS = process.env.ADMIN_SERVICES_SCREENSHOTS

/**
 * The page as it is, with its rows: no serious axe violation at 1280 and 390 px, no sideways
 * page scroll at 390 and 360 px. ADMIN_SERVICES_SCREENSHOTS=<dir> keeps a screenshot of each.
 */
async function checkLayout(page: Page, name: string): Promise<string[]> {
  const problems: string[] = []
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 360, height: 800 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(viewport)
    if (SHOTS)
      await page.screenshot({ path: `${SHOTS}/${name}-${viewport.width}.png`, fullPage: true })
    if (viewport.width !== 360)
      for (const finding of await seriousAxeViolations(page))
        problems.push(
          `${viewport.width}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`,
        )
    if (viewport.width !== 1280)
      for (const line of await horizontalOverflow(page)) problems.push(`${viewport.width}: ${line}`)
  }
  return problems
}

async function activeTestId(page: Page) {
  return page.evaluate(
    () => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName,
  )
}

let page: Page
let adminId: number

beforeAll(async () => {
  browser = await launchBrowser()
  const admin = await seedUser('admin', 'Ada Admin')
  adminId = admin.id
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
}, 120_000)
afterAll(async () => {
  await browser?.close()
})

describe('admin services pages', () => {
  it('provisions a pending dedicated server from the queue; it leaves the queue', async () => {
    const customer = await seedUser('user', 'Cleo Customer')
    const { product, service } = await seedServer(customer.id, 'pending')
    await page.goto(`${baseUrl}/admin/provisioning`)
    const row = page.getByTestId('provisioning-queue-row').filter({ hasText: product.name })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('Cleo Customer')
    expect(await checkLayout(page, 'provisioning-queue')).toEqual([])

    await row
      .getByRole('button', { name: `Provision service #${service.id}`, exact: false })
      .click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Hostname').fill('not a host!')
    await dialog.getByLabel('IP address').fill('203.0.113.7')
    await dialog.getByLabel('Reason').fill('Racked and installed')
    await dialog.getByRole('button', { name: 'Mark active' }).click()
    // The server's own schema refuses it in the browser: nothing was sent.
    await dialog.getByText('Hostname must be letters').waitFor()
    await dialog.getByLabel('Hostname').fill('srv-e2e.example.com')
    if (SHOTS) {
      await page.setViewportSize({ width: 390, height: 844 })
      await page.screenshot({ path: `${SHOTS}/provision-dialog-390.png` })
      await page.setViewportSize({ width: 1280, height: 800 })
    }
    await dialog.getByRole('button', { name: 'Mark active' }).click()
    await dialog.waitFor({ state: 'detached' })
    await page.getByText(`Service #${service.id} is active`, { exact: true }).waitFor()
    expect(await row.count()).toBe(0)
    // The row and its button are gone: focus is on the list, not lost to <body>.
    expect(await activeTestId(page)).toBe('queue-list')

    const stored = await withDb((db) =>
      db.select().from(services).where(eq(services.id, service.id)),
    )
    expect(stored[0]).toMatchObject({
      status: 'active',
      hostname: 'srv-e2e.example.com',
      ipAddress: '203.0.113.7',
      provisionedBy: adminId,
    })
  }, 120_000)

  it('creates a dedicated-server product and changes its monthly price', async () => {
    const name = `E2E Box ${randomUUID().slice(0, 6)}`
    await page.goto(`${baseUrl}/admin/catalog`)
    await page.getByRole('button', { name: 'New dedicated server' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Name').fill(name)
    await dialog.getByLabel('Slug').fill(name.toLowerCase().replace(/ /g, '-'))
    await dialog.getByLabel('CPU').fill('EPYC 4344P')
    await dialog.getByLabel('Cores').fill('8')
    await dialog.getByLabel('RAM (GB)').fill('64')
    await dialog.getByLabel('Bandwidth (TB a month)').fill('30')
    await dialog.getByLabel('Location').fill('Amsterdam')
    await dialog.getByLabel('Disks').fill('960 nvme\n960 nvme')
    await dialog.getByLabel('Price monthly').fill('99.00')
    await dialog.getByLabel('Price yearly').fill('990')
    await dialog.getByLabel('Setup fee (USD)').fill('49')
    await dialog.getByLabel('Reason').fill('New server line')
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/catalog-new-dialog-1280.png` })
    await dialog.getByRole('button', { name: 'Create product' }).click()
    await dialog.waitFor({ state: 'detached' })

    const row = page.getByTestId('catalog-product-row').filter({ hasText: name })
    await expect.poll(() => row.count()).toBe(1)
    const text = await row.textContent()
    expect(text).toContain('$99.00')
    expect(text).toContain('$990.00')
    expect(text).toContain('$49.00')
    expect(text).toContain('960 GB NVME + 960 GB NVME')

    expect(await checkLayout(page, 'catalog')).toEqual([])

    const trigger = row.getByRole('button', { name: `Change price of ${name}` })
    await trigger.click()
    const priceDialog = page.getByRole('dialog')
    expect(await priceDialog.textContent()).toContain('applies at their next renewal')
    await priceDialog.getByLabel('New price (USD)').fill('109.50')
    await priceDialog.getByLabel('Reason').fill('Power costs went up')
    await priceDialog.getByRole('button', { name: 'Change price' }).click()
    await priceDialog.waitFor({ state: 'detached' })
    await page.getByText(`${name}: monthly price $109.50`, { exact: true }).waitFor()
    await expect.poll(async () => (await row.textContent()) ?? '').toContain('$109.50')
    // The dialog gave focus back to the button that opened it.
    expect(await trigger.evaluate((button) => button === document.activeElement)).toBe(true)
  }, 120_000)

  it('redelivers a failed webhook event with a reason and shows the attempt it made', async () => {
    const customer = await seedUser('user', 'Walt Webhook')
    const { service } = await seedServer(customer.id, 'active')
    const event = await seedFailedEvent(service.id)
    await page.goto(`${baseUrl}/admin/provisioning/events?state=failed`)
    const row = page.getByTestId('service-event-row').filter({ hasText: event.eventId })
    await expect.poll(() => row.count()).toBe(1)
    expect(await row.textContent()).toContain('E2E: connection refused')

    const redeliver = row.getByRole('button', {
      name: `Redeliver event suspended for service #${service.id}`,
    })
    await redeliver.click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByLabel('Reason').fill('Receiver is back up')
    await dialog.getByRole('button', { name: 'Redeliver' }).click()
    await dialog.waitFor({ state: 'detached' })
    // No webhook is configured in the e2e app and the event is past its 3 days: failed again.
    await page
      .getByText(`Event suspended for service #${service.id}: failed`, { exact: true })
      .waitFor()
    expect(await redeliver.evaluate((button) => button === document.activeElement)).toBe(true)

    const attempts = await withDb((db) =>
      db
        .select()
        .from(serviceEventDeliveries)
        .where(eq(serviceEventDeliveries.serviceEventId, event.id)),
    )
    expect(attempts).toMatchObject([{ attempt: 1, requestedBy: adminId }])

    await row.getByRole('button', { name: /^Attempts of event suspended/ }).click()
    const list = page.getByRole('dialog')
    await list.getByTestId('delivery-attempt-row').first().waitFor()
    const attemptText = await list.getByTestId('delivery-attempt-row').first().textContent()
    expect(attemptText).toContain('no webhook configured')
    expect(attemptText).toContain(`admin #${adminId}`)
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/events-attempts-1280.png` })
    await page.keyboard.press('Escape')
    await list.waitFor({ state: 'detached' })
    expect(await checkLayout(page, 'events')).toEqual([])
  }, 120_000)
})
