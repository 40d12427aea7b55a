import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { desc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { mailOutbox } from '#db/schema/index.ts'
import { unsubscribeToken } from '#server/services/mail/unsubscribe.ts'
import { orderService } from '#server/services/services/order-service.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, insertServerProduct, seedUser } from './helpers.ts'

/**
 * Every page, as the people it is for see it, at a desktop and two phone widths: no serious
 * or critical axe-core violation (WCAG 2.x A/AA), no sideways page scroll. Plus the layout's
 * keyboard paths: the skip link, the phone menu, the user menu, focus after navigation.
 *
 * The pages come from app/routes itself, so a new page is checked without editing this file
 * (and one with a new URL parameter fails until PARAMS says what to put there).
 * A11Y_SCREENSHOTS=<dir> keeps a screenshot of every page at every width.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.A11Y_SCREENSHOTS
const ROUTES_DIR = path.resolve('app/routes')

const DESKTOP = { width: 1280, height: 800 }
const PHONE = { width: 390, height: 844 }
const SMALL_PHONE = { width: 360, height: 800 }

type Role = 'guest' | 'user' | 'admin'
type Target = { url: string; role: Role; file: string }

/** Remix flat-route file name → URL pattern ("admin.users.$userId.credits.tsx" → "/admin/users/$userId/credits"). */
function urlPattern(file: string): string {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, '')
  const segments = name.match(/(\[[^\]]*\]|[^.[])+/g) ?? []
  const parts = segments
    .map((segment) => segment.replace(/\[([^\]]*)\]/g, '$1'))
    .filter((segment) => segment !== '_index' && !segment.startsWith('_'))
    .map((segment) => (segment.endsWith('_') ? segment.slice(0, -1) : segment))
  return `/${parts.join('/')}`
}

/**
 * Page routes: modules with a UI (a default export); API and other resource routes have none.
 * A layout without an index route ("settings.tsx" beside "settings.account.tsx") is no page of
 * its own: its children are.
 */
function pageFiles(): string[] {
  const pages = readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx|ts)$/.test(file) && !file.includes('.test.'))
    .filter((file) => /export default/.test(readFileSync(path.join(ROUTES_DIR, file), 'utf8')))
  const stem = (file: string) => file.replace(/\.(tsx|ts)$/, '')
  const layoutOnly = (file: string) =>
    pages.some((other) => other !== file && other.startsWith(`${stem(file)}.`)) &&
    !pages.some((other) => stem(other) === `${stem(file)}._index`)
  return pages.filter((file) => !layoutOnly(file)).sort()
}

/** More than one view of the same route: tabs and searches. */
const VARIANTS: Record<string, string[]> = {
  '/billing': ['/billing?tab=credits', '/billing?tab=transactions'],
  '/admin/search': ['/admin/search?q=$email'],
}

function roleOf(url: string): Role {
  if (url.startsWith('/admin')) return 'admin'
  if (url === '/login' || url === '/register') return 'guest'
  return 'user'
}

function targets(): Target[] {
  const seen = new Set<string>()
  const list: Target[] = []
  for (const file of pageFiles()) {
    // The admin splat route is any unknown admin path: one that has no page.
    const pattern = urlPattern(file).replace(/\/\$$/, '/no-such-page')
    for (const url of [pattern, ...(VARIANTS[pattern] ?? [])]) {
      if (seen.has(url)) continue
      seen.add(url)
      list.push({ url, role: roleOf(url), file })
    }
  }
  // The site-wide 404, signed in and not.
  list.push({ url: '/no-such-page', role: 'user', file: 'root.tsx' })
  list.push({ url: '/no-such-page', role: 'guest', file: 'root.tsx' })
  return list
}

let browser: Browser
const contexts = {} as Record<Role, BrowserContext>
const pages = {} as Record<Role, Page>
let params: Record<string, string> = {}

function resolve(url: string): string {
  return url.replace(/\$(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined)
      throw new Error(`No value for the URL parameter $${name} in ${url}: add it to params`)
    return encodeURIComponent(value)
  })
}

/**
 * The user's dedicated server, ordered and awaiting provisioning (the detail pages' fullest
 * state: "being set up" for the customer, the provision action for the admin), and the newest
 * mail to them (the credit grant's notice), for the pages that show one of each.
 */
async function serviceAndMailOf(userId: number) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    const product = await insertServerProduct(db, {
      name: 'A11y Server',
      description: 'A server ordered for the accessibility pass.',
      setupFeeCents: 2_500,
      prices: { monthly: 4_900 },
    })
    const service = await orderService(db, { userId, productId: product.id, cycle: 'monthly' })
    const [mail] = await db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(eq(mailOutbox.userId, userId))
      .orderBy(desc(mailOutbox.id))
      .limit(1)
    if (!mail) throw new Error('The credit grant queued no mail to the user')
    return { serviceId: String(service.id), mailId: String(mail.id) }
  } finally {
    await sql.end()
  }
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {})
}

beforeAll(async () => {
  browser = await launchBrowser()
  const admin = await seedUser('admin', 'Ada Admin')
  const user = await seedUser('user', 'Uma User')
  // $12.50 left after the server's $49.00 + $25.00 setup fee (serviceAndMailOf orders it).
  await grantCredits(user.id, admin, 1_250 + 7_400)
  params = {
    userId: String(user.id),
    email: user.email,
    token: unsubscribeToken(
      { userId: user.id, category: 'low_balance' },
      inject('e2eSessionSecret'),
    ),
    ...(await serviceAndMailOf(user.id)),
  }
  for (const [role, account] of [
    ['guest', null],
    ['user', user],
    ['admin', admin],
  ] as const) {
    contexts[role] = await browser.newContext({ viewport: DESKTOP })
    pages[role] = await contexts[role].newPage()
    if (account) await logIn(pages[role], baseUrl, account.email, E2E_PASSWORD)
  }
  if (SHOTS) mkdirSync(SHOTS, { recursive: true })
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

it('finds the pages in app/routes (and no resource route)', () => {
  const urls = targets().map((target) => `${target.role} ${target.url}`)
  for (const url of [
    'guest /login',
    'user /',
    'user /settings/tokens',
    'admin /admin/reports',
    'admin /admin/users/$userId/credits',
  ])
    expect(urls).toContain(url)
  expect(urls.filter((url) => /\/api\/|csv|healthz/.test(url))).toEqual([])
})

describe('every page at 1280, 390 and 360 px: axe (serious, critical) and no sideways scroll', () => {
  it.each(targets().map((target) => [`${target.role} ${target.url}`, target] as const))(
    '%s',
    async (_, target) => {
      const page = pages[target.role]
      const url = resolve(target.url)
      const problems: string[] = []
      for (const viewport of [DESKTOP, PHONE, SMALL_PHONE]) {
        const where = `${url} (${target.file}) at ${viewport.width}x${viewport.height}`
        await page.setViewportSize(viewport)
        const response = await page.goto(`${baseUrl}${url}`)
        await settle(page)
        const status = response?.status() ?? 0
        const expected = url.endsWith('/no-such-page') ? 404 : 200
        if (status !== expected) problems.push(`${where}: HTTP ${status}, expected ${expected}`)
        if (SHOTS)
          await page.screenshot({
            path: path.join(
              SHOTS,
              `${target.role}${url.replace(/[^\w]+/g, '_')}-${viewport.width}.png`,
            ),
            fullPage: true,
          })
        if (viewport !== SMALL_PHONE)
          for (const finding of await seriousAxeViolations(page))
            problems.push(
              `${where}: [${finding.impact}] ${finding.id} (${finding.help}) at ${finding.targets.join(' | ')}`,
            )
        if (viewport !== DESKTOP)
          for (const line of await horizontalOverflow(page)) problems.push(`${where}: ${line}`)
        if (viewport === PHONE && target.role === 'admin') {
          // The admin navigation must not take the phone's first screen.
          const top = await page
            .locator('#main h1')
            .first()
            .evaluate((h1) => h1.getBoundingClientRect().top)
            .catch(() => null)
          if (top === null || top > viewport.height - 100)
            problems.push(`${where}: the page heading is not on the first screen (top ${top})`)
        }
      }
      expect(problems).toEqual([])
    },
    180_000,
  )
})

describe('layout with the keyboard', () => {
  it('offers "Skip to main content" first, and it moves focus to <main>', async () => {
    const page = pages.user
    await page.setViewportSize(DESKTOP)
    await page.goto(`${baseUrl}/`)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to main content' })
    expect(await skip.evaluate((link) => link === document.activeElement)).toBe(true)
    expect(await skip.isVisible()).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
  })

  it('names both balances in the desktop header and opens the user menu', async () => {
    const page = pages.user
    await page.setViewportSize(DESKTOP)
    await page.goto(`${baseUrl}/`)
    const header = page.getByRole('banner')
    await expect
      .poll(() => header.getByRole('link', { name: /^Credits \$12\.50/ }).textContent())
      .toMatch(/^Credits \$12\.50(\s*·\s*Tokens (…|\d[\d,]*|unavailable))?$/)
    const button = header.getByRole('button', { name: /Uma User/ })
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    await button.focus()
    await page.keyboard.press('Enter')
    expect(await button.getAttribute('aria-expanded')).toBe('true')
    for (const name of ['Account settings', 'API tokens'])
      expect(await header.getByRole('link', { name }).isVisible()).toBe(true)
    expect(await header.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true)
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'user-menu-open-1280.png') })
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.keyboard.press('Tab')
    await page.keyboard.press('Escape')
    expect(await button.getAttribute('aria-expanded')).toBe('false')
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true)
  })

  it('fits the whole desktop header at 1024 px, the balances in the user menu there', async () => {
    const page = pages.admin
    await page.setViewportSize({ width: 1024, height: 768 })
    await page.goto(`${baseUrl}/admin/users`)
    expect(await horizontalOverflow(page)).toEqual([])
    const header = page.getByRole('banner')
    expect(await header.getByRole('link', { name: 'Admin', exact: true }).isVisible()).toBe(true)
    await header.getByRole('button', { name: /Ada Admin/ }).click()
    await header.getByRole('link', { name: /^Credits \$0\.00/ }).waitFor()
    expect(await horizontalOverflow(page)).toEqual([])
  })

  it('fits the phone header into a Menu button: aria-expanded, Escape, focus back', async () => {
    const page = pages.user
    await page.setViewportSize(SMALL_PHONE)
    await page.goto(`${baseUrl}/`)
    const header = page.getByRole('banner')
    const menu = header.getByRole('button', { name: 'Menu', exact: true })
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await header.getByRole('button', { name: 'Notifications' }).isVisible()).toBe(true)
    await menu.click()
    expect(await menu.getAttribute('aria-expanded')).toBe('true')
    const panel = page.locator(`[id="${await menu.getAttribute('aria-controls')}"]`)
    await panel.getByRole('link', { name: /^Credits \$12\.50/ }).waitFor()
    for (const name of ['Dashboard', 'Billing', 'DNS Plans', 'Account settings', 'API tokens'])
      expect(await panel.getByRole('link', { name, exact: true }).isVisible()).toBe(true)
    expect(await panel.getByRole('button', { name: 'Log out' }).isVisible()).toBe(true)
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'phone-menu-open-360.png') })
    expect(await seriousAxeViolations(page)).toEqual([])
    expect(await horizontalOverflow(page)).toEqual([])
    await panel.getByRole('link', { name: 'Billing', exact: true }).focus()
    await page.keyboard.press('Escape')
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await menu.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await panel.isVisible()).toBe(false)
  })

  it('returns focus to the bell when its panel closes with Escape', async () => {
    const page = pages.user
    await page.setViewportSize(PHONE)
    await page.goto(`${baseUrl}/`)
    const bell = page.getByRole('button', { name: 'Notifications' })
    await bell.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Notifications' }).waitFor()
    expect(await seriousAxeViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    // Radix gives focus back in a timeout after the close, not with it.
    await expect
      .poll(() => bell.evaluate((element) => element === document.activeElement))
      .toBe(true)
  })

  it('moves focus to the new page heading after a client-side navigation and announces it', async () => {
    const page = pages.user
    await page.setViewportSize(DESKTOP)
    await page.goto(`${baseUrl}/`)
    await settle(page)
    const link = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'DNS Plans' })
    await link.focus()
    await Promise.all([page.waitForURL(`${baseUrl}/dns-plans`), page.keyboard.press('Enter')])
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    expect(await page.evaluate(() => document.activeElement?.closest('#main') !== null)).toBe(true)
    await expect
      .poll(() => page.getByTestId('route-announcer').textContent())
      .toBe(await page.title())

    // The same through the phone menu: the menu closes, focus lands on the heading.
    await page.setViewportSize(PHONE)
    const menu = page.getByRole('button', { name: 'Menu', exact: true })
    await menu.click()
    await Promise.all([
      page.waitForURL(`${baseUrl}/billing`),
      page.getByRole('link', { name: 'Billing', exact: true }).click(),
    ])
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false')
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
  })

  it('keeps the admin navigation and search on a 404 inside admin, and fits it on a phone', async () => {
    const page = pages.admin
    await page.setViewportSize(PHONE)
    const response = await page.goto(`${baseUrl}/admin/no-such-page`)
    expect(response?.status()).toBe(404)
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor()
    const nav = page.getByRole('navigation', { name: 'Admin' })
    expect(await nav.getByRole('link', { name: 'Payments' }).isVisible()).toBe(true)
    const search = page.getByRole('search').getByRole('searchbox', { name: 'Search admin' })
    await search.fill('someone@example.com')
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/admin/search'),
      search.press('Enter'),
    ])
    expect(new URL(page.url()).searchParams.get('q')).toBe('someone@example.com')
  })

  it('shows no admin shell to a user refused by the admin layout', async () => {
    const page = pages.user
    await page.setViewportSize(DESKTOP)
    const response = await page.goto(`${baseUrl}/admin/no-such-page`)
    expect(response?.status()).toBe(403)
    await page.getByRole('heading', { level: 1, name: 'Access denied' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Admin' }).count()).toBe(0)
  })
})
