import path from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

/** ACCOUNT_SCREENSHOTS=<dir> keeps a screenshot of each step looked at. */
const SHOTS = process.env.ACCOUNT_SCREENSHOTS
const baseUrl = inject('e2eBaseUrl')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
})

async function newDevice(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl })
  return context.newPage()
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** The error tied to an input (the aria-describedby element that is its error), or ''. */
function errorOf(input: Locator) {
  return input.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id.endsWith('-error'))
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' | '),
  )
}

async function expectFitsAndPassesAxe(page: Page, name: string) {
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport)
    expect(await seriousAxeViolations(page), `${name} at ${viewport.width}`).toEqual([])
    expect(await horizontalOverflow(page), `${name} at ${viewport.width}`).toEqual([])
    await shot(page, `${name}-${viewport.width}`)
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

describe('account settings in the browser', () => {
  it('changes the password (errors on their fields, one at a time) and signs the other device out', async () => {
    const user = await seedUser('user', 'Sam Settings')
    const phone = await newDevice({ width: 390, height: 844 })
    await logIn(phone, baseUrl, user.email, E2E_PASSWORD)
    const page = await newDevice()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/settings/account`)

    const sessions = page.getByRole('region', { name: 'Sessions' })
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(2)
    await expect
      .poll(() => sessions.locator('tbody tr').first().textContent())
      .toContain('This device')
    await expectFitsAndPassesAxe(page, 'account')

    const password = page.getByRole('region', { name: 'Password' })
    await password.getByLabel('Current password').fill('not-my-password')
    await password.getByLabel('New password').fill('aaa')
    await password.getByRole('button', { name: 'Change password' }).click()
    await expect
      .poll(() => errorOf(password.getByLabel('New password')))
      .toContain('at least 10 characters')
    // One problem at a time: "aaa" is short AND repetitive, only the first is said.
    expect(await errorOf(password.getByLabel('New password'))).not.toContain('repetitive')

    await password.getByLabel('New password').fill('sam-new-password-9')
    await password.getByRole('button', { name: 'Change password' }).click()
    await expect
      .poll(() => password.getByLabel('Current password').getAttribute('aria-invalid'))
      .toBe('true')
    expect(await errorOf(password.getByLabel('Current password'))).toContain(
      'not your current password',
    )
    await shot(page, 'account-password-errors-1280')

    await password.getByLabel('Current password').fill(E2E_PASSWORD)
    await password.getByLabel('New password').fill('sam-new-password-9')
    await password.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Password changed and 1 other session signed out.').first().waitFor()
    expect(await password.getByLabel('New password').inputValue()).toBe('')
    await expect.poll(() => sessions.locator('tbody tr').count()).toBe(1)

    // The other device is signed out.
    await phone.goto(`${baseUrl}/settings/account`)
    expect(new URL(phone.url()).pathname).toBe('/login')
    await logIn(phone, baseUrl, user.email, 'sam-new-password-9')
    expect(new URL(phone.url()).pathname).not.toBe('/login')
    await phone.context().close()

    // Sign out all others: a confirmation first, focus back where it was after Cancel.
    await page.reload()
    const signOutOthers = page.getByRole('button', { name: 'Sign out all other sessions' })
    await signOutOthers.click()
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await expect.poll(() => signOutOthers.evaluate((b) => b === document.activeElement)).toBe(true)
    await signOutOthers.click()
    await dialog.getByRole('button', { name: 'Sign out others' }).click()
    await page.getByText('1 other session signed out.', { exact: true }).first().waitFor()
    await expect.poll(() => dialog.count()).toBe(0)
    await expect
      .poll(() =>
        page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName),
      )
      .toBe('sessions-heading')
    await page.context().close()
  })

  it('changes the email after re-authentication; a taken email is said on the field', async () => {
    const user = await seedUser('user', 'Erin Email')
    const other = await seedUser('user', 'Oscar Other')
    const page = await newDevice()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/settings/account`)
    const email = page.getByRole('region', { name: 'Email' })
    await email.getByLabel('New email').fill(other.email.toUpperCase())
    await email.getByLabel('Current password').fill(E2E_PASSWORD)
    await email.getByRole('button', { name: 'Change email' }).click()
    await expect.poll(() => errorOf(email.getByLabel('New email'))).toContain('already exists')

    const fresh = `Erin.${Date.now()}@E2E.test`
    await email.getByLabel('New email').fill(fresh)
    await email.getByLabel('Current password').fill(E2E_PASSWORD)
    await email.getByRole('button', { name: 'Change email' }).click()
    await page.getByText(`You now sign in with ${fresh.toLowerCase()}.`).first().waitFor()
    await page.context().close()
  })
})

describe('API tokens in the browser', () => {
  it('says what is wrong with the expiry on its field, copies the new token, revokes after a confirmation', async () => {
    const user = await seedUser('user', 'Tina Tokens')
    const page = await newDevice()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/settings/tokens`)
    await expectFitsAndPassesAxe(page, 'tokens-empty')

    await page.getByLabel('Name').fill('deploy script')
    await page.getByLabel('Expires in days').fill('soon')
    await page.getByRole('button', { name: 'Create token' }).click()
    await expect
      .poll(() => errorOf(page.getByLabel('Expires in days')))
      .toContain('Enter a whole number of days from 1 to 3650, or leave it empty')
    expect(await page.locator('main').textContent()).not.toMatch(
      /NaN|expected number|Invalid input/,
    )

    await page.getByLabel('Expires in days').fill('')
    await page.getByRole('button', { name: 'Create token' }).click()
    const token = await page.getByTestId('new-token').textContent()
    expect(token).toMatch(/^spk_/)
    await page.getByRole('button', { name: 'Copy token' }).click()
    await page.getByRole('status').filter({ hasText: 'Copied' }).first().waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token)
    await expectFitsAndPassesAxe(page, 'tokens-created')

    const revoke = page.getByRole('button', { name: 'Revoke token deploy script' })
    await revoke.click()
    const dialog = page.getByRole('alertdialog')
    await dialog.getByText('Scripts using this token stop working at once.').waitFor()
    await shot(page, 'tokens-revoke-dialog-1280')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => revoke.evaluate((b) => b === document.activeElement)).toBe(true)

    await revoke.click()
    await dialog.getByRole('button', { name: 'Revoke token' }).click()
    await page.getByRole('region', { name: 'API tokens' }).getByText('revoked').waitFor()
    await expect.poll(() => dialog.count()).toBe(0)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('tokens-heading')
    await page.context().close()
  })
})
