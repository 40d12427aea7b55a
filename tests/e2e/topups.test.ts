import { readFileSync } from 'node:fs'
import type { Browser, Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'
import { stubPayPalSdk } from './paypal-sdk-stub.ts'

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** A signed-in page with PayPal's SDK stubbed, and the errors it logs or throws. */
async function payingCustomer(email: string) {
  const page = await browser.newPage()
  await stubPayPalSdk(page)
  await logIn(page, baseUrl, email, E2E_PASSWORD)
  // Hydration mismatches are console errors (React's recoverable errors) in production.
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  page.on('pageerror', (error) => errors.push(error.message))
  return { page, errors }
}

describe('PayPal top-ups from the billing page', () => {
  it('buys $25.00 of custom credits and $10.00 of tokens and sees both balances change', async () => {
    const customer = await seedUser('user', 'Paula Payer')
    const { page, errors } = await payingCustomer(customer.email)

    await page.goto(`${baseUrl}/billing?tab=credits`)
    // The tab's own chunk comes with the page's modules; hydration waits for it.
    expect(await page.locator('head link[rel=modulepreload][href*="/credits-tab-"]').count()).toBe(
      1,
    )
    await page.getByRole('button', { name: '$25.00' }).click()
    await page.getByText('= 25.00 credits').waitFor()
    // While the capture runs PayPal's buttons step aside for a pending "Completing payment…".
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/trpc/customCredits.captureOrder*', async (route) => {
      await released
      await route.continue()
    })
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    const busy = page.getByRole('button', { name: 'Completing payment…' })
    await busy.waitFor()
    expect(await busy.isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: '$50.00' }).isDisabled()).toBe(true)
    release()
    await page
      .getByTestId('checkout-success')
      .getByText(/\$25\.00 of custom credits added/)
      .waitFor()
    await page.getByTestId('custom-credits-balance').getByText('$25.00').waitFor()

    await page.getByRole('tab', { name: 'VirtFusion Tokens' }).click()
    await page.getByRole('button', { name: '$10.00' }).click()
    await page.getByText('= 1,000 tokens').waitFor()
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    await page
      .getByTestId('checkout-success')
      .getByText(/1,000 tokens are being delivered/)
      .waitFor()
    // Delivery runs on the job queue after the capture commits; the card refreshes by itself.
    await page.getByTestId('token-balance').getByText('1,000 tokens').waitFor({ timeout: 45_000 })
    await expect
      .poll(() => page.getByTestId('custom-credits-balance').textContent())
      .toContain('$25.00')
    // A page opening on a tab hydrated while live parts updated around it (React error #421).
    expect(errors).toEqual([])
    await page.close()
  })

  it('moves between the billing tabs with the arrow keys, Home and End (one tab stop)', async () => {
    const customer = await seedUser('user', 'Kim Keys')
    const { page, errors } = await payingCustomer(customer.email)
    await page.goto(`${baseUrl}/billing?tab=credits`)
    await page.getByRole('tabpanel').getByText('Recent activity').waitFor()
    await page.goto(`${baseUrl}/billing`)
    // By position: the credits tab is named by the admin's display name (admin-settings renames it).
    const [tokens, credits] = [0, 1].map((n) =>
      page.getByRole('tablist', { name: 'Billing sections' }).getByRole('tab').nth(n),
    ) as [Locator, Locator]
    const creditsName = (await credits.textContent())!
    const focusedTab = () => page.evaluate(() => document.activeElement?.textContent ?? null)
    expect(await tokens.getAttribute('tabindex')).toBe('0')
    expect(await credits.getAttribute('tabindex')).toBe('-1')
    await tokens.focus()
    await page.keyboard.press('ArrowRight')
    // The credits tab's code comes with it; its panel then holds the top-up.
    await page.getByRole('tabpanel', { name: creditsName }).getByText('Recent activity').waitFor()
    expect(await focusedTab()).toBe(creditsName)
    // The tab row scrolls sideways, so it clips: the focus ring must fit inside it.
    const ringClipped = await credits.evaluate((tab) => {
      const style = getComputedStyle(tab)
      const px = (length: string) => Number(length.replace('px', ''))
      const grow = px(style.outlineWidth) + px(style.outlineOffset)
      const box = tab.getBoundingClientRect()
      const row = tab.closest('[role="tablist"]')!.getBoundingClientRect()
      return box.top - grow < row.top || box.bottom + grow > row.bottom
    })
    expect(ringClipped).toBe(false)
    expect(await credits.getAttribute('aria-selected')).toBe('true')
    await page.waitForURL(/tab=credits/)
    await page.keyboard.press('ArrowRight') // wraps around
    await page.getByRole('tabpanel', { name: 'VirtFusion Tokens' }).waitFor()
    expect(await focusedTab()).toBe('VirtFusion Tokens')
    await page.keyboard.press('End')
    expect(await focusedTab()).toBe(creditsName)
    await page.keyboard.press('Home')
    expect(await focusedTab()).toBe('VirtFusion Tokens')
    expect(await tokens.getAttribute('aria-selected')).toBe('true')
    expect(errors).toEqual([])
    await page.close()
  })

  it("loads PayPal's buttons after hydration: an amount chosen before they arrive renders nothing anew", async () => {
    const customer = await seedUser('user', 'Hana Hydrate')
    const { page, errors } = await payingCustomer(customer.email)
    // The buttons' chunk is asked for once the page hydrates, and held until the buyer has
    // picked an amount. Server-rendered buttons would have been a boundary still waiting to
    // hydrate, which the amount's update made React throw away (error #421).
    let asked!: () => void
    const chunkAsked = new Promise<void>((resolve) => (asked = resolve))
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/build/**/paypal-buttons-*.js', async (route) => {
      asked()
      await held
      await route.continue()
    })
    await page.goto(`${baseUrl}/billing`)
    await chunkAsked
    await page.getByRole('button', { name: '$10.00' }).click()
    await page.getByText('= 1,000 tokens').waitFor()
    release()
    await page.getByRole('button', { name: 'PayPal (test stub)' }).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('works before its query layer has loaded, which then comes after hydration and makes the page live', async () => {
    const admin = await seedUser('admin', 'Lee Later')
    const customer = await seedUser('user', 'Lin Live')
    await grantCredits(customer.id, admin, 1_500)
    const { page, errors } = await payingCustomer(customer.email)
    // Every script the document names loads; anything the page asks for later is held.
    const html = await (await page.request.get(`${baseUrl}/billing`)).text()
    const upFront = new Set(html.match(/\/build\/[\w./-]+\.js/g))
    expect(upFront.size).toBeGreaterThan(5)
    let asked!: () => void
    const askedLater = new Promise<void>((resolve) => (asked = resolve))
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/build/**/*.js', async (route) => {
      if (upFront.has(new URL(route.request().url()).pathname)) return route.continue()
      asked()
      await released
      await route.continue()
    })
    const liveCalls: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/trpc/')) liveCalls.push(request.url())
    })
    await page.goto(`${baseUrl}/billing`)
    await askedLater // hydrated, and the browser idle
    const credits = page.getByTestId('custom-credits-balance')
    expect(await credits.textContent()).toContain('$15.00')
    // Hydrated without it: the amount picker answers.
    await page.getByRole('button', { name: '$10.00' }).click()
    await page.getByText('= 1,000 tokens').waitFor()
    // A change the page cannot see yet: nothing refreshes without the query layer.
    await grantCredits(customer.id, admin, 2_000)
    await page.waitForTimeout(300)
    expect(await credits.textContent()).toContain('$15.00')
    expect(liveCalls).toEqual([])
    release()
    // Once here, the live parts read the balances at once: the page, then the header chip.
    await credits.getByText('$35.00').waitFor()
    await page.getByTestId('balance-chip').getByText('$35.00').waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('says to reload, and sends nothing, when the query layer cannot be fetched', async () => {
    const customer = await seedUser('user', 'Nia Nolayer')
    const { page, errors } = await payingCustomer(customer.email)
    // The chunk holding app/lib/live-runtime.ts, from the build the app serves.
    const metafile = JSON.parse(readFileSync('build/metafile.js.json', 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, unknown> }>
    }
    const [layerChunk] = Object.entries(metafile.outputs)
      .filter(([, output]) => 'app/lib/live-runtime.ts' in output.inputs)
      .map(([file]) => file.replace(/^public/, ''))
    expect(layerChunk).toMatch(/^\/build\/.+\.js$/)
    await page.route(`**${layerChunk}`, (route) => route.abort('connectionreset'))
    const calls: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/api/trpc/')) calls.push(request.url())
    })
    await page.goto(`${baseUrl}/billing`)
    await page.getByRole('button', { name: '$10.00' }).click()
    await page.getByRole('button', { name: 'PayPal (test stub)' }).click()
    await page.getByText(/could not load a part it needs.*Reload the page/).waitFor()
    // The bell's list has no source either: it says so instead of loading for ever.
    await page.getByTestId('notification-bell').click()
    await page.getByRole('alert').getByText("Couldn't load notifications").waitFor()
    expect(calls).toEqual([])
    // Only the blocked fetch is logged; nothing threw.
    expect(errors.filter((error) => !error.startsWith('Failed to load resource'))).toEqual([])
    await page.close()
  })

  it("says so when PayPal's script cannot load (a content blocker), instead of an empty space", async () => {
    const customer = await seedUser('user', 'Bo Blocked')
    const page = await browser.newPage()
    await page.route('**/sdk/js**', (route) => route.abort('blockedbyclient'))
    await logIn(page, baseUrl, customer.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/billing`)
    const failure = page.getByRole('alert').filter({ hasText: 'PayPal could not be loaded' })
    await failure.waitFor()
    expect(await failure.textContent()).toContain('Nothing was charged')
    expect(await page.getByRole('button', { name: 'PayPal (test stub)' }).count()).toBe(0)
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.close()
  })
})
