import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { provisionService } from '#server/services/provisioning/provision-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'

/**
 * The customer's service page in Chromium (issue #13): reached from "My services"; a plan
 * change shows the server's quote (an upgrade charged now, exactly the quoted amount; a cycle
 * change at the period end, free) and is refused before confirming when the credits fall
 * short, with the prefilled top-up link; someone else's service is the not-found page. Focus
 * returns to the trigger after each dialog and goes to the page heading after a change.
 * SERVICES_DETAIL_SHOTS=<dir> keeps screenshots at both widths.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.SERVICES_DETAIL_SHOTS
let browser: Browser

const SMALL_CENTS = 3_000
const BIG_CENTS = 9_000

async function withDb<T>(run: (db: ReturnType<typeof createDatabase>['db']) => Promise<T>) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    return await run(db)
  } finally {
    await sql.end()
  }
}

async function seedProduct(name: string, monthly: number, yearly: number) {
  return withDb((db) =>
    insertServerProduct(db, {
      name,
      slug: `e2e-detail-${randomUUID().slice(0, 8)}`,
      description: 'A test server.',
      setupFeeCents: 0,
      prices: { monthly, yearly },
    }),
  )
}

/** A customer with an active (provisioned) server on `productId`, and `left` credits after it. */
async function customerWithServer(name: string, productId: number, left: number) {
  const admin = await seedUser('admin', `${name} Admin`)
  const customer = await seedUser('user', name)
  await grantCredits(customer.id, admin, SMALL_CENTS + left)
  const service = await withDb(async (db) => {
    const ordered = await orderService(db, { userId: customer.id, productId, cycle: 'monthly' })
    await provisionService(db, {
      serviceId: ordered.id,
      hostname: 'srv1.example.com',
      ipAddress: '203.0.113.10',
      notes: '',
      reason: 'Set up by an end-to-end test',
      adminUserId: admin.id,
    })
    return ordered
  })
  const page = await browser.newPage()
  await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
  return { page, service, customer }
}

const cents = (text: string | null) => {
  const match = /\$([\d,]+)\.(\d{2})/.exec(text ?? '')
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`)
  return Number(match[1]!.replace(/,/g, '')) * 100 + Number(match[2])
}
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement
    return `${active?.tagName ?? ''} ${active?.textContent?.trim() ?? ''}`
  })
const balance = async (page: Page) =>
  cents(await page.getByTestId('services-balance').textContent())

async function shoot(page: Page, name: string) {
  if (!SHOTS) return
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('A service page in the browser', () => {
  it(
    'opens from the list; an upgrade charges exactly the quote; a cycle change waits for the period end',
    { timeout: 240_000 },
    async () => {
      const suffix = randomUUID().slice(0, 6)
      const small = await seedProduct(`Small ${suffix}`, SMALL_CENTS, 30_000)
      const big = await seedProduct(`Big ${suffix}`, BIG_CENTS, 90_000)
      const { page } = await customerWithServer('Dana Detail', small.id, 20_000)

      await page.goto(`${baseUrl}/services`)
      await page.getByTestId('my-service').getByRole('link', { name: small.name }).click()
      await page.getByRole('heading', { level: 1, name: small.name }).waitFor()
      expect(await page.getByTestId('service-status').textContent()).toBe('Active')
      expect(await page.getByTestId('service-hostname').textContent()).toBe('srv1.example.com')
      expect(await page.getByTestId('service-next-renewal').textContent()).toContain(
        '$30.00 for the next month',
      )
      await page.getByTestId('services-balance').waitFor()
      const before = await balance(page)
      expect(before).toBe(20_000)

      // Escape gives focus back to the button that opened the dialog.
      const changeButton = page.getByRole('button', { name: 'Change plan' })
      await changeButton.click()
      const dialog = page.getByRole('dialog', { name: `Change ${small.name}` })
      await dialog.getByTestId('change-message').waitFor()
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      await expect.poll(() => focused(page)).toBe('BUTTON Change plan')

      await changeButton.click()
      await dialog.getByLabel('Plan').selectOption({ label: big.name })
      await expect.poll(() => dialog.getByTestId('change-effective').textContent()).toBe('Now')
      const quoted = cents(await dialog.getByTestId('change-amount').textContent())
      // The price difference for what is left of a fresh month: most of $60.00, never more.
      expect(quoted).toBeGreaterThan(5_000)
      expect(quoted).toBeLessThanOrEqual(6_000)
      expect(await dialog.getByTestId('change-renewal').textContent()).toBe('$90.00 every month')
      expect(await dialog.getByTestId('change-proration').textContent()).toMatch(
        /^[\d.]+ days? left of [\d.]+ days$/,
      )
      expect(await dialog.getByTestId('cannot-afford').count()).toBe(0)
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot(page, 'upgrade-quote-390')
      expect(await seriousAxeViolations(page)).toEqual([])
      await page.setViewportSize({ width: 1280, height: 800 })
      await shoot(page, 'upgrade-quote-1280')
      await dialog
        .getByRole('button', { name: `Upgrade for $${(quoted / 100).toFixed(2)}` })
        .click()
      await dialog.waitFor({ state: 'detached' })
      await expect.poll(() => page.getByTestId('service-plan').textContent()).toBe(big.name)
      await expect.poll(() => balance(page)).toBe(before - quoted)
      // The charges list the upgrade, for exactly that amount, above the first period's charge.
      await expect
        .poll(() => page.getByTestId('charge-amount').allTextContents())
        .toEqual([`$${(quoted / 100).toFixed(2)}`, '$30.00'])
      // After a change, focus is on the page heading (the facts below say what it is now).
      await expect.poll(() => focused(page)).toBe(`H1 ${big.name}`)

      // A cycle change: nothing now, from the period end, at the yearly price.
      // The dialog is named after the plan the service is on now.
      const bigDialog = page.getByRole('dialog', { name: `Change ${big.name}` })
      await changeButton.click()
      await bigDialog.getByLabel('Billing cycle').selectOption('yearly')
      await expect
        .poll(() => bigDialog.getByTestId('change-effective').textContent())
        .toMatch(/^At the period end, /)
      expect(await bigDialog.getByTestId('change-amount').textContent()).toBe('$0.00')
      expect(await bigDialog.getByTestId('change-renewal').textContent()).toBe('$900.00 every year')
      await bigDialog.getByRole('button', { name: 'Schedule the switch' }).click()
      await bigDialog.waitFor({ state: 'detached' })
      await expect
        .poll(() => page.getByTestId('service-scheduled').textContent())
        .toBe(`${big.name}, yearly, from the period end`)
      expect(await page.getByTestId('service-next-renewal').textContent()).toContain(
        '$900.00 for the next year',
      )
      expect(await balance(page)).toBe(before - quoted)
      await expect.poll(() => focused(page)).toBe(`H1 ${big.name}`)

      const problems: string[] = []
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport)
        await shoot(page, `detail-${viewport.width}`)
        for (const finding of await seriousAxeViolations(page))
          problems.push(
            `${viewport.width}: [${finding.impact}] ${finding.id} ${finding.targets.join(' | ')}`,
          )
        if (viewport.width === 390)
          for (const line of await horizontalOverflow(page)) problems.push(`390: ${line}`)
      }
      expect(problems).toEqual([])
      await page.close()
    },
  )

  it(
    'refuses an upgrade the credits do not cover before confirming, with a prefilled top-up link',
    { timeout: 240_000 },
    async () => {
      const suffix = randomUUID().slice(0, 6)
      const small = await seedProduct(`Small ${suffix}`, SMALL_CENTS, 30_000)
      const big = await seedProduct(`Big ${suffix}`, BIG_CENTS, 90_000)
      const { page, service } = await customerWithServer('Uma Upgrade', small.id, 0)
      await page.goto(`${baseUrl}/services/${service.id}`)
      await page.getByTestId('services-balance').waitFor()

      const changeButton = page.getByRole('button', { name: 'Change plan' })
      await changeButton.click()
      const dialog = page.getByRole('dialog', { name: `Change ${small.name}` })
      await dialog.getByLabel('Plan').selectOption({ label: big.name })
      const warning = dialog.getByTestId('cannot-afford')
      await warning.waitFor()
      const quoted = cents(await dialog.getByTestId('change-amount').textContent())
      expect(await warning.textContent()).toContain(`You need $${(quoted / 100).toFixed(2)} more.`)
      const topUp = warning.getByRole('link', { name: /Add \$[\d,.]+ of credits/ })
      expect(await topUp.getAttribute('href')).toBe(
        `/billing?tab=credits&amount=${(quoted / 100).toFixed(2)}`,
      )
      expect(await dialog.getByRole('button', { name: /^Upgrade for / }).isDisabled()).toBe(true)
      await page.setViewportSize({ width: 390, height: 844 })
      await shoot(page, 'shortfall-390')
      expect(await seriousAxeViolations(page)).toEqual([])

      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
      await expect.poll(() => focused(page)).toBe('BUTTON Change plan')
      expect(await page.getByTestId('service-plan').textContent()).toBe(small.name)
      expect(await balance(page)).toBe(0)
      await page.close()
    },
  )

  it("another user's service id is the not-found page", { timeout: 240_000 }, async () => {
    const small = await seedProduct(`Theirs ${randomUUID().slice(0, 6)}`, SMALL_CENTS, 30_000)
    const { page: ownerPage, service } = await customerWithServer('Olga Owner', small.id, 0)
    await ownerPage.close()
    const stranger = await seedUser('user', 'Sven Stranger')
    const page = await browser.newPage()
    await logIn(page, baseUrl, stranger.email, E2E_PASSWORD)
    const response = await page.goto(`${baseUrl}/services/${service.id}`)
    expect(response?.status()).toBe(404)
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    expect(await page.getByText(small.name).count()).toBe(0)
    await page.close()
  })
})
