import { randomUUID } from 'node:crypto'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'

/**
 * The customer services page in Chromium (issue #13): a funded customer orders a dedicated
 * server monthly, is told the price plus the setup fee before confirming, is charged exactly
 * that and sees the server "Being set up"; a customer without enough credits is told so in the
 * dialog, with a top-up link, and cannot confirm. No serious axe violation, no sideways scroll.
 */

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

const PRICE_CENTS = 12_900
const SETUP_CENTS = 4_900

/** A dedicated-server product on sale monthly ($129.00) and yearly, with a $49.00 setup fee. */
async function seedServerProduct() {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    return await insertServerProduct(db, {
      name: `Box ${randomUUID().slice(0, 8)}`,
      description: 'A test server.',
      setupFeeCents: SETUP_CENTS,
      prices: { monthly: PRICE_CENTS, yearly: 129_000 },
    })
  } finally {
    await sql.end()
  }
}

const cents = (text: string | null) => {
  const match = /\$([\d,]+)\.(\d{2})/.exec(text ?? '')
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`)
  return Number(match[1]!.replace(/,/g, '')) * 100 + Number(match[2])
}

async function customerOnServicesPage(credit: number, name: string): Promise<Page> {
  const admin = await seedUser('admin', `${name} Admin`)
  const customer = await seedUser('user', name)
  await grantCredits(customer.id, admin, credit)
  const page = await browser.newPage()
  await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
  await page.goto(`${baseUrl}/services`)
  await page.getByTestId('services-balance').waitFor()
  return page
}

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('Services in the browser', () => {
  it('orders a dedicated server monthly: price + setup fee shown and charged, then "Being set up"', async () => {
    const product = await seedServerProduct()
    const page = await customerOnServicesPage(30_000, 'Sam Servers')
    const before = cents(await page.getByTestId('services-balance').textContent())
    expect(before).toBe(30_000)

    const card = page.getByTestId('server-product').filter({ hasText: product.name })
    await card.getByLabel('Billing cycle').selectOption('monthly')
    const orderButton = card.getByRole('button', { name: `Order ${product.name}` })

    // Escape gives focus back to the button that opened the dialog.
    await orderButton.click()
    const dialog = page.getByRole('alertdialog', { name: `Order ${product.name}?` })
    await expect.poll(() => dialog.getByTestId('order-amount').textContent()).toBe('$178.00')
    expect(await dialog.getByTestId('order-setup-fee').textContent()).toBe('$49.00')
    expect(await dialog.getByTestId('order-renewal').textContent()).toBe('$129.00 every month')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe(`Order ${product.name}`)

    await orderButton.click()
    expect(await dialog.getByTestId('cannot-afford').count()).toBe(0)
    await dialog.getByRole('button', { name: 'Order for $178.00' }).click()
    await dialog.waitFor({ state: 'detached' })
    // The toast names what was taken: the first month and the setup fee.
    await page
      .getByRole('region', { name: 'Notifications (F8)' })
      .getByText('Paid $178.00, including the $49.00 setup fee.', { exact: false })
      .waitFor()

    const mine = page.getByTestId('my-service').filter({ hasText: product.name })
    await expect.poll(() => mine.getByTestId('service-status').textContent()).toBe('Being set up')
    expect(await mine.getByTestId('service-price').textContent()).toBe('$129.00')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('my-services')
    await expect
      .poll(async () => cents(await page.getByTestId('services-balance').textContent()))
      .toBe(before - PRICE_CENTS - SETUP_CENTS)

    const problems: string[] = []
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
      { width: 360, height: 800 },
    ]) {
      await page.setViewportSize(viewport)
      if (viewport.width !== 360)
        for (const finding of await seriousAxeViolations(page))
          problems.push(
            `${viewport.width}: [${finding.impact}] ${finding.id} ${finding.targets.join(' | ')}`,
          )
      if (viewport.width !== 1280)
        for (const line of await horizontalOverflow(page))
          problems.push(`${viewport.width}: ${line}`)
    }
    expect(problems).toEqual([])
    await page.close()
  })

  it('refuses an order the credits do not cover before confirming, with a prefilled top-up link', async () => {
    const product = await seedServerProduct()
    const page = await customerOnServicesPage(1_000, 'Una Underfunded')

    const card = page.getByTestId('server-product').filter({ hasText: product.name })
    await card.getByRole('button', { name: `Order ${product.name}` }).click()
    const dialog = page.getByRole('alertdialog', { name: `Order ${product.name}?` })
    const warning = dialog.getByTestId('cannot-afford')
    await warning.waitFor()
    expect(await warning.textContent()).toContain('You need $168.00 more.')
    const topUp = warning.getByRole('link', { name: /Add \$[\d,.]+ of credits/ })
    expect(await topUp.getAttribute('href')).toMatch(/^\/billing\?tab=credits&amount=\d+\.\d{2}$/)
    expect(await dialog.getByRole('button', { name: 'Order for $178.00' }).isDisabled()).toBe(true)
    expect(await seriousAxeViolations(page)).toEqual([])

    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await page.getByTestId('my-service').count()).toBe(0)
    expect(cents(await page.getByTestId('services-balance').textContent())).toBe(1_000)
    await page.close()
  })
})
