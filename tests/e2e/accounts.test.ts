import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, logIn, logOut } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

describe('accounts in the browser', () => {
  it('registers, lands on the dashboard, logs out and logs back in', async () => {
    const page = await browser.newPage()
    const email = `new-${Date.now()}@e2e.test`
    await page.goto(`${baseUrl}/register`)
    await page.getByLabel('Name').fill('Nina New')
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill('nina-password-1')
    await Promise.all([
      page.waitForURL(`${baseUrl}/`),
      page.getByRole('button', { name: 'Create account' }).click(),
    ])
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Welcome, Nina New')

    await logOut(page)
    await logIn(page, baseUrl, email, 'nina-password-1')
    expect(new URL(page.url()).pathname).toBe('/')
    await expect.poll(() => page.getByTestId('current-user').textContent()).toBe('Nina New')
    await page.close()
  })

  it('refuses /admin to a plain user', async () => {
    const user = await seedUser('user', 'Plain Paul')
    const page = await browser.newPage()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    const response = await page.goto(`${baseUrl}/admin/users`)
    expect(response?.status()).toBe(403)
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Access denied')
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0)
    await page.close()
  })

  it('lets an admin find a user and deactivate them', async () => {
    const admin = await seedUser('admin', 'Alice Admin')
    const target = await seedUser('user', `Target ${Date.now()}`)
    const page = await browser.newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Admin' })
      .click()
    await page.waitForURL(`${baseUrl}/admin/users`)
    await page.getByLabel('Search users by email or name').fill(target.name)
    const link = page.getByRole('link', { name: target.name })
    await link.waitFor()
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1)
    await Promise.all([page.waitForURL(`${baseUrl}/admin/users/${target.id}`), link.click()])
    // The reason is required: without it the browser does not even send the form.
    await page.getByRole('button', { name: 'Deactivate user' }).click()
    await page.getByLabel('Reason (deactivate user)').fill('Repeated chargebacks')
    await page.getByRole('button', { name: 'Deactivate user' }).click()
    await page.getByText('Status updated.').waitFor()
    await expect.poll(() => page.getByText('inactive', { exact: true }).count()).toBeGreaterThan(0)
    // The admin audit log on the same page shows who did it and why.
    await page.getByTestId('user-audit-entry').getByText('Repeated chargebacks').waitFor()
    await page.close()

    // The deactivated user can no longer sign in.
    const theirs = await browser.newPage()
    await theirs.goto(`${baseUrl}/login`)
    await theirs.getByLabel('Email').fill(target.email)
    await theirs.getByLabel('Password').fill(E2E_PASSWORD)
    await theirs.getByRole('button', { name: 'Log in' }).click()
    await theirs.getByText('This account is deactivated.').waitFor()
    await theirs.close()
  })
})
