import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { topups } from '#db/schema/index.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'

/**
 * Admins look things up in Chromium: the admin search box, the payments list's filters and
 * search, both balances in the users list; the DNS plan dialogs and the retry confirmation give
 * focus back, also when the page hydrates late or its list refetches; none of these
 * pages scrolls sideways on a phone.
 */

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function seedTopup(userId: number, status: 'completed' | 'review', orderId: string) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    const [row] = await db
      .insert(topups)
      .values({
        userId,
        purpose: 'virtfusion_tokens',
        amountCents: 4200,
        tokens: 4200,
        status,
        paypalOrderId: orderId,
        paypalCaptureId: `CAP${orderId.slice(3)}`,
        lastDeliveryError: status === 'review' ? 'E2E: VirtFusion timed out' : null,
      })
      .returning({ id: topups.id })
    return row!.id
  } finally {
    await sql.end()
  }
}

async function setTopupStatus(id: number, status: 'completed') {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    await db.update(topups).set({ status }).where(eq(topups.id, id))
  } finally {
    await sql.end()
  }
}

async function noSidewaysScroll(page: Page, what: string) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }))
  expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(client)
}

describe('admin lookups', () => {
  it('finds a payment from the admin search box and opens it in the payments list; the users list shows both balances', async () => {
    const admin = await seedUser('admin', 'Lookup Lee')
    const payer = await seedUser('user', 'Searchable Sasha')
    await grantCredits(payer.id, admin, 1234)
    const orderId = `ORD${randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase()}`
    const completedId = await seedTopup(payer.id, 'completed', orderId)

    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/users`)

    // The search box in the admin navigation: a GET to /admin/search?q=…, any case.
    const box = page.getByRole('search', { name: 'Admin search' })
    await box.getByRole('searchbox').fill(orderId.toLowerCase())
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/search'),
      box.getByRole('button', { name: 'Search' }).click(),
    ])
    expect(new URL(page.url()).searchParams.get('q')).toBe(orderId.toLowerCase())
    await page.getByRole('heading', { level: 2, name: /^Payments/ }).waitFor()
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/payments'),
      page.getByRole('link', { name: `Top-up #${completedId}` }).click(),
    ])
    // A completed top-up needs no attention: the link looks at all top-ups.
    const rows = page.getByTestId('admin-topup-row')
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain(orderId)
    expect(await page.getByLabel('Show').inputValue()).toBe('all')

    // The same search within "needing attention": a completed top-up is not there.
    await page.getByLabel('Show').selectOption('attention')
    await page.waitForURL((url) => url.searchParams.get('show') === 'attention')
    await page.getByText('No top-ups match this search').waitFor()

    // The users list: custom credits from the ledger; tokens not read yet (never a made-up 0).
    await page.goto(`${baseUrl}/admin/users?q=${encodeURIComponent(payer.email)}`)
    const row = page.getByRole('row', { name: /Searchable Sasha/ })
    await row.waitFor()
    expect(await row.textContent()).toContain('$12.34')
    expect(await row.textContent()).toMatch(/not linked|not read yet/)
    await page.close()
  })

  it('the DNS plan dialogs and the retry confirmation give focus back to their button', async () => {
    const admin = await seedUser('admin', 'Focus Admin')
    const payer = await seedUser('user', 'Review Robin')
    const reviewId = await seedTopup(
      payer.id,
      'review',
      `ORD${randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase()}`,
    )
    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    const focusedLabel = () =>
      page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)

    await page.goto(`${baseUrl}/admin/dns-plans`)
    // Clicks before hydration would reach plain server-rendered buttons.
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: 'Edit Pro' }).click()
    await page.getByRole('dialog', { name: 'Edit Pro' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    // Radix gives focus back in a timeout after the dialog unmounts, so each check polls.
    await expect.poll(focusedLabel).toBe('Edit Pro')

    await page.getByRole('button', { name: 'Delete Basic' }).click()
    await page.getByRole('alertdialog', { name: 'Delete Basic?' }).waitFor()
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    await expect.poll(focusedLabel).toBe('Delete Basic')

    await page.goto(`${baseUrl}/admin/payments?show=review`)
    await page.waitForLoadState('networkidle')
    await page.getByRole('button', { name: `Retry delivery of top-up ${reviewId}` }).click()
    await page.getByRole('alertdialog').waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    await expect.poll(focusedLabel).toBe(`Retry delivery of top-up ${reviewId}`)
    await page.close()
  })

  it("the payments list hydrates over its server markup even when its data went stale meanwhile, and refetches keep the retry confirmation's focus", async () => {
    const admin = await seedUser('admin', 'Slow Admin')
    const payer = await seedUser('user', 'Stale Sam')
    const orderId = () => `ORD${randomUUID().replace(/-/g, '').slice(0, 14).toUpperCase()}`
    const stays = await seedTopup(payer.id, 'review', orderId())
    const leaves = await seedTopup(payer.id, 'review', orderId())
    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    const focused = () =>
      page.evaluate(() => {
        const active = document.activeElement
        return active?.getAttribute('aria-label') ?? active?.getAttribute('data-testid') ?? null
      })
    const listRefetched = () =>
      page.waitForResponse((response) => response.url().includes('admin.payments.list'))

    // A slow page: the browser hydrates more than the list's stale time (5 s) after the server
    // prefetched it (its clock runs 6 s ahead), so it starts refetching at once, and the admin
    // has already put focus on a server-rendered Retry button.
    await page.clock.install({ time: Date.now() + 6_000 })
    let hydrate!: () => void
    const held = new Promise<void>((resolve) => (hydrate = resolve))
    await page.route('**/build/entry.client-*.js', async (route) => {
      await held
      await route.continue()
    })
    const refetchOnHydration = listRefetched()
    await page.goto(`${baseUrl}/admin/payments?show=review`, { waitUntil: 'domcontentloaded' })
    const stayingButton = page.getByRole('button', { name: `Retry delivery of top-up ${stays}` })
    await stayingButton.focus()
    hydrate()
    await refetchOnHydration
    await page.waitForLoadState('networkidle')
    // A hydration mismatch would have made React render the page anew: new elements, focus on <body>.
    expect(errors).toEqual([])
    expect(await focused()).toBe(`Retry delivery of top-up ${stays}`)

    // The list refetches while the confirmation is open; its row stays, so does its button.
    await stayingButton.click()
    await page.getByRole('alertdialog').waitFor()
    const refetch = listRefetched()
    await page.clock.fastForward(10_000)
    await refetch
    await page.keyboard.press('Escape')
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    await expect.poll(focused).toBe(`Retry delivery of top-up ${stays}`)

    // The row leaves the list (someone settled it) while its confirmation is open: the
    // confirmation goes with it and focus lands on the list, not on <body>.
    await page.getByRole('button', { name: `Retry delivery of top-up ${leaves}` }).click()
    await page.getByRole('alertdialog').waitFor()
    await setTopupStatus(leaves, 'completed')
    const refetchWithoutRow = listRefetched()
    await page.clock.fastForward(10_000)
    await refetchWithoutRow
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' })
    await expect.poll(focused).toBe('topups-list')
    expect(errors).toEqual([])
    await page.close()
  })

  it('no admin lookup page scrolls sideways at 360 px', async () => {
    const admin = await seedUser('admin', 'Phone Admin')
    const context = await browser.newContext({ viewport: { width: 360, height: 800 } })
    const page = await context.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    for (const path of [
      '/admin/payments?show=all',
      '/admin/reports',
      '/admin/dns-plans',
      '/admin/users',
      '/admin/search?q=e2e',
    ]) {
      await page.goto(`${baseUrl}${path}`)
      await page.getByRole('heading', { level: 1 }).waitFor()
      await noSidewaysScroll(page, path)
    }
    await context.close()
  })
})
