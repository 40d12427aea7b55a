import { spawn, type ChildProcess } from 'node:child_process'
import type { Browser, Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { freePort } from '#tests/setup/free-port.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

/**
 * The checkout as a buyer meets it in offline mode without a PayPal client id: the simulated
 * approval box (the e2e layer's own app has a client id and shows the stubbed PayPal buttons,
 * see topups.test.ts). A second web process on the same database serves that mode; its
 * simulated PayPal and VirtFusion live in the database, so both processes see one of each,
 * and the first process's job queue delivers the tokens.
 */

const databaseUrl = inject('e2eDatabaseUrl')
let browser: Browser
let web: ChildProcess
let baseUrl: string
let output = ''

beforeAll(async () => {
  const port = await freePort()
  baseUrl = `http://localhost:${port}`
  const { PAYPAL_CLIENT_ID: _ignored, ...inherited } = process.env
  web = spawn(process.execPath, ['build/main.js'], {
    env: {
      ...inherited,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'e2e-checkout-session-secret-0123456789abc',
      APP_URL: baseUrl,
      ALLOW_OFFLINE_PAYMENTS: 'true',
      JOBS_ENABLED: 'false',
      DATABASE_POOL_MAX: '4',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000))
  web.stdout!.on('data', keep)
  web.stderr!.on('data', keep)
  const deadline = Date.now() + 90_000
  for (;;) {
    if (web.exitCode !== null) throw new Error(`The simulated-mode web exited:\n${output}`)
    const ready = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) })
      .then((response) => response.ok)
      .catch(() => false)
    if (ready) break
    if (Date.now() > deadline) throw new Error(`The simulated-mode web did not start:\n${output}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  if (web && web.exitCode === null) {
    const exited = new Promise((resolve) => web.once('exit', resolve))
    web.kill('SIGTERM')
    await exited
  }
})

async function query<T>(text: string, params: (string | number)[]): Promise<T[]> {
  const { sql } = createDatabase(databaseUrl, { max: 1 })
  try {
    return (await sql.unsafe(text, params)) as unknown as T[]
  } finally {
    await sql.end()
  }
}

/** What has focus, as a person would name it: the button's text or the element's test id. */
function focused(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null
    if (!active || active === document.body) return 'body'
    return active.dataset.testid ?? active.textContent?.trim() ?? active.tagName
  })
}

/** Holds the capture request until `release()`: the pending state stays on screen meanwhile. */
async function holdCapture(page: Page, procedure: string) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let held!: () => void
  const reached = new Promise<void>((resolve) => (held = resolve))
  await page.route(`**/api/trpc/${procedure}*`, async (route: Route) => {
    held()
    await released
    await route.continue()
  })
  return { reached, release }
}

describe('checkout in offline mode (simulated approval box)', () => {
  it('locks the amount of an open $5.00 order; cancelling and paying $50.00 charges $50.00; focus follows each step', async () => {
    const buyer = await seedUser('user', 'Lock Buyer')
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } })
    await logIn(page, baseUrl, buyer.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/billing?tab=credits`)
    const card = page.locator('[aria-labelledby="buy-credits-title"]')

    // Keyboard: choose $5.00, Enter on Pay → focus lands on Approve in the approval box.
    await card.getByRole('button', { name: '$5.00' }).click()
    const pay = card.getByRole('button', { name: 'Pay $5.00 with PayPal (simulated)' })
    await pay.focus()
    await page.keyboard.press('Enter')
    const box = card.getByRole('dialog', { name: /Simulated PayPal/ })
    await box.waitFor()
    expect(await box.getByTestId('approval-amount').textContent()).toBe('$5.00')
    await expect.poll(() => focused(page)).toBe('Approve payment')

    // The amount is locked while the order is open: presets and the input are disabled.
    expect(await card.getByRole('button', { name: '$50.00' }).isDisabled()).toBe(true)
    expect(await card.getByLabel(/Custom amount/).isDisabled()).toBe(true)
    await card.getByRole('button', { name: '$50.00' }).click({ force: true })
    expect(await box.getByTestId('approval-amount').textContent()).toBe('$5.00')
    expect(await card.getByLabel(/Custom amount/).inputValue()).toBe('5.00')

    // The open box fits a 360 px phone: no sideways page scroll.
    await page.setViewportSize({ width: 360, height: 800 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({
        path: `${process.env.E2E_SCREENSHOTS}/locked-360.png`,
        fullPage: true,
      })
    await page.setViewportSize({ width: 390, height: 844 })

    // Escape closes the box, abandons the order and returns focus to Pay.
    await page.keyboard.press('Escape')
    await box.waitFor({ state: 'detached' })
    await card.getByText('Payment cancelled. Nothing was charged.').waitFor()
    await expect.poll(() => focused(page)).toBe('Pay $5.00 with PayPal (simulated)')

    // Again with "Cancel and change amount", then $50.00 for real.
    await pay.click()
    await box.getByRole('button', { name: 'Cancel and change amount' }).click()
    await box.waitFor({ state: 'detached' })
    await card.getByRole('button', { name: '$50.00' }).click()
    await card.getByRole('button', { name: 'Pay $50.00 with PayPal (simulated)' }).click()
    await box.waitFor()
    expect(await box.getByTestId('approval-amount').textContent()).toBe('$50.00')

    // While the capture runs, the button says so (not "Pay $50.00 …") and focus is not lost.
    const capture = await holdCapture(page, 'customCredits.captureOrder')
    await box.getByRole('button', { name: 'Approve payment' }).click()
    await capture.reached
    const busy = card.getByRole('button', { name: 'Completing payment…' })
    await busy.waitFor()
    expect(await busy.isDisabled()).toBe(true)
    expect(await busy.getAttribute('aria-busy')).toBe('true')
    expect(await card.getByRole('button', { name: /^Pay / }).count()).toBe(0)
    expect(await focused(page)).toBe('checkout-status')
    capture.release()

    await card
      .getByTestId('checkout-success')
      .getByText(/\$50\.00 of custom credits added/)
      .waitFor()
    await expect.poll(() => focused(page)).toBe('checkout-status')
    // The form is reset, the balance is the $50.00 charged, a toast says so clear of the buttons.
    expect(await card.getByLabel(/Custom amount/).inputValue()).toBe('')
    expect(await card.getByRole('button', { name: '$50.00' }).getAttribute('aria-pressed')).toBe(
      'false',
    )
    await page.getByTestId('custom-credits-balance').getByText('$50.00').waitFor()
    const toast = page
      .getByRole('region', { name: /Notifications/ })
      .locator('li', { hasText: 'Payment received' })
    await toast.waitFor()
    if (process.env.E2E_SCREENSHOTS)
      await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/success-390.png` })
    const toastBox = (await toast.boundingBox())!
    for (const button of await card.getByRole('button').all()) {
      const b = (await button.boundingBox())!
      const overlaps =
        b.x < toastBox.x + toastBox.width &&
        toastBox.x < b.x + b.width &&
        b.y < toastBox.y + toastBox.height &&
        toastBox.y < b.y + b.height
      expect(overlaps, `toast covers ${await button.textContent()}`).toBe(false)
    }

    // The ledger: one purchase of $50.00; both $5.00 orders were abandoned, never charged.
    const entries = await query<{ type: string; amount_cents: string }>(
      'select type, amount_cents from credit_transactions where user_id = $1',
      [buyer.id],
    )
    expect(entries.map((e) => [e.type, Number(e.amount_cents)])).toEqual([['purchase', 5000]])
    const orders = await query<{ amount_cents: string; status: string }>(
      'select amount_cents, status from topups where user_id = $1 order by id',
      [buyer.id],
    )
    expect(orders.map((o) => [Number(o.amount_cents), o.status])).toEqual([
      [500, 'created'],
      [500, 'created'],
      [5000, 'completed'],
    ])
    await page.close()
  })

  it('shows bought tokens as being delivered until VirtFusion confirms them, then the new balance', async () => {
    const admin = await seedUser('admin', 'Delivery Admin')
    const buyer = await seedUser('user', 'Token Buyer')
    const adminPage = await browser.newPage()
    await logIn(adminPage, baseUrl, admin.email, E2E_PASSWORD)
    const adminPost = (path: string, body: unknown) =>
      adminPage.evaluate(
        async ({ path, body }) => {
          const response = await fetch(path, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          })
          return { status: response.status, text: await response.text() }
        },
        { path, body },
      )
    // VirtFusion is down: the payment goes through, the delivery waits.
    expect((await adminPost('/api/dev/virtfusion/outage', { on: true })).status).toBe(200)
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await logIn(page, baseUrl, buyer.email, E2E_PASSWORD)
      await page.goto(`${baseUrl}/billing?tab=tokens`)
      await page.getByRole('button', { name: '$10.00' }).click()
      await page.getByRole('button', { name: 'Pay $10.00 with PayPal (simulated)' }).click()
      const box = page.getByRole('dialog', { name: /Simulated PayPal/ })
      expect(await box.textContent()).toContain('(1,000 tokens)')
      await box.getByRole('button', { name: 'Approve payment' }).click()
      await page
        .getByTestId('checkout-success')
        .getByText(/1,000 tokens are being delivered/)
        .waitFor()

      const delivery = page.getByTestId('token-delivery')
      await delivery.getByText('+1,000 tokens being delivered').waitFor()
      expect(await page.getByTestId('token-balance').textContent()).not.toContain('1,000 tokens')
      if (process.env.E2E_SCREENSHOTS)
        await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/delivering-1280.png` })

      // The first delivery attempt failed and waits for its 30 s backoff...
      let topup: { id: number; status: string; delivery_attempts: number } | undefined
      await expect
        .poll(
          async () => {
            ;[topup] = await query<{ id: number; status: string; delivery_attempts: number }>(
              "select id, status, delivery_attempts from topups where user_id = $1 and purpose = 'virtfusion_tokens'",
              [buyer.id],
            )
            return topup && topup.status === 'captured' && topup.delivery_attempts > 0
          },
          { timeout: 30_000 },
        )
        .toBe(true)
      expect(await delivery.textContent()).toContain('+1,000 tokens being delivered')
      // ...VirtFusion is back, and an admin retries the delivery now instead.
      expect((await adminPost('/api/dev/virtfusion/outage', { on: false })).status).toBe(200)
      const retried = await adminPost('/api/trpc/admin.payments.retry', {
        json: { topupId: topup!.id },
      })
      expect(retried.status, retried.text).toBe(200)

      // Without a reload: the pending line goes and the card shows the delivered balance.
      await delivery.waitFor({ state: 'detached', timeout: 15_000 })
      await page.getByTestId('token-balance').getByText('1,000 tokens').waitFor({ timeout: 15_000 })
      await page.close()
    } finally {
      await adminPost('/api/dev/virtfusion/outage', { on: false })
      await adminPage.close()
    }
  })
})
