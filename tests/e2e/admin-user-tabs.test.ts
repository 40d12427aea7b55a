import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

/**
 * An admin user page's tabs (Profile, Custom Credits, VirtFusion, DNS plan) are pages inside
 * the user layout. Moving between them keeps focus on the tab link that was chosen, as tabs
 * do, and announces the new title; the user's unchanged h1 does not take focus. Leaving the
 * layout still moves focus to the new page's heading.
 */
const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

/** The focused element: tag, text and aria-current. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement
    return {
      tag: active?.tagName ?? null,
      text: active?.textContent?.trim() ?? null,
      current: active?.getAttribute('aria-current') ?? null,
    }
  })

describe('admin user tabs and focus', () => {
  it('keeps focus on the chosen tab link from the keyboard and the mouse; leaving the user moves it to the heading', async () => {
    const admin = await seedUser('admin', 'Tabs Admin')
    const user = await seedUser('user', 'Tabby Tabs')
    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/users/${user.id}`)
    // Before hydration a click would be a full page load.
    await page.waitForLoadState('networkidle')
    const tabs = page.getByRole('navigation', { name: 'User sections' })

    // Keyboard: Enter on a tab link.
    await tabs.getByRole('link', { name: 'Custom Credits' }).focus()
    await Promise.all([
      page.waitForURL(`${baseUrl}/admin/users/${user.id}/credits`),
      page.keyboard.press('Enter'),
    ])
    const announcer = page.getByTestId('route-announcer')
    await expect
      .poll(() => announcer.textContent())
      .toBe('Custom credits · Tabby Tabs · Admin · SkyPANEL')
    expect(await focused(page)).toEqual({ tag: 'A', text: 'Custom Credits', current: 'page' })

    // Mouse: a click on the next tab; and once more to the Profile tab.
    for (const [name, path, title] of [
      ['VirtFusion', '/virtfusion', 'VirtFusion'],
      ['DNS plan', '/dns', 'DNS plan'],
      ['Profile', '', 'Profile'],
    ] as const) {
      await Promise.all([
        page.waitForURL(`${baseUrl}/admin/users/${user.id}${path}`),
        tabs.getByRole('link', { name, exact: true }).click(),
      ])
      await expect
        .poll(() => announcer.textContent())
        .toBe(`${title} · Tabby Tabs · Admin · SkyPANEL`)
      expect(await focused(page)).toEqual({ tag: 'A', text: name, current: 'page' })
    }

    // Leaving the user's pages is a new page: its heading takes focus, as everywhere else.
    await Promise.all([
      page.waitForURL(`${baseUrl}/admin/users`),
      page.getByRole('link', { name: '← All users' }).click(),
    ])
    await expect.poll(async () => (await focused(page)).tag).toBe('H1')
    await page.close()
  })

  it('on a 360 px phone, the tab row scrolls the focused tab (and its ring) into sight', async () => {
    const admin = await seedUser('admin', 'Narrow Admin')
    const user = await seedUser('user', 'Narrow Tabs')
    const page = await browser.newPage({ viewport: { width: 360, height: 800 } })
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/users/${user.id}/virtfusion`)
    await page.waitForLoadState('networkidle')
    const tabs = page.getByRole('navigation', { name: 'User sections' })
    await tabs.getByRole('link', { name: 'VirtFusion' }).focus()
    await page.keyboard.press('Tab')
    await Promise.all([
      page.waitForURL(`${baseUrl}/admin/users/${user.id}/dns`),
      page.keyboard.press('Enter'),
    ])
    // The URL changes a moment before the new tab renders aria-current (a loaded CI machine saw it).
    await expect.poll(() => focused(page)).toEqual({ tag: 'A', text: 'DNS plan', current: 'page' })
    // The link plus its 2 px ring (2 px away) lies inside the row's visible box.
    const sight = await tabs.evaluate((row) => {
      const link = document.activeElement!.getBoundingClientRect()
      const box = row.getBoundingClientRect()
      return {
        inSight: link.left - 4 >= box.left && link.right + 4 <= box.right,
        link: [link.left, link.right],
        row: [box.left, box.right, row.scrollLeft],
      }
    })
    expect(sight, JSON.stringify(sight)).toMatchObject({ inSight: true })
    await page.close()
  })
})
