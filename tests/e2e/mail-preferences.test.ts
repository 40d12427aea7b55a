import { request as httpRequest } from 'node:http'
import path from 'node:path'
import { and, desc, eq } from 'drizzle-orm'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { lowBalanceThresholds, mailOptOuts, mailOutbox } from '#db/schema/index.ts'
import { unsubscribeToken, type UnsubscribeTarget } from '#server/services/mail/unsubscribe.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'

/**
 * Email preferences, the signed unsubscribe link and Retry now (issue #14) in Chromium against
 * the production build, plus the RFC 8058 one-click POST as a mail provider sends it (plain
 * HTTP: no cookie, no Origin). MAIL_PREFS_SCREENSHOTS=<dir> keeps a screenshot of each page.
 * Browser tests get 3 minutes: each checks axe at two widths, slow on a loaded machine.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.MAIL_PREFS_SCREENSHOTS
const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await sql.end()
})

const tokenFor = (target: UnsubscribeTarget) => unsubscribeToken(target, inject('e2eSessionSecret'))

/** The same token with its signature's first character changed. */
function tampered(token: string): string {
  const [id, category, signature] = token.split('.') as [string, string, string]
  return `${id}.${category}.${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`
}

async function newPage(viewport = { width: 1280, height: 800 }) {
  return (await browser.newContext({ viewport })).newPage()
}

/** Axe and sideways scroll at both widths, a screenshot of each when asked. */
async function layoutProblems(page: Page, name: string): Promise<string[]> {
  const problems: string[] = []
  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    await page.setViewportSize(viewport)
    if (SHOTS)
      await page.screenshot({
        path: path.join(SHOTS, `${name}-${viewport.width}.png`),
        fullPage: true,
      })
    for (const finding of await seriousAxeViolations(page))
      problems.push(`${name} ${viewport.width}: ${finding.id} at ${finding.targets.join(' | ')}`)
    for (const line of await horizontalOverflow(page))
      problems.push(`${name} ${viewport.width}: ${line}`)
  }
  return problems
}

/** Presses Tab until the element has focus (proving it is reachable by keyboard). */
async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error(`not reached with ${limit} presses of Tab`)
}

/** Focus is drawn: an outline or a ring (box-shadow) on the focused control. */
function focusIsVisible(target: Locator) {
  return target.evaluate((element) => {
    const style = getComputedStyle(element)
    return (
      element === document.activeElement &&
      ((style.outlineStyle !== 'none' && style.outlineWidth !== '0px') ||
        style.boxShadow !== 'none')
    )
  })
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

async function savedPreferences(userId: number) {
  const [optOuts, thresholds] = await Promise.all([
    db
      .select({ category: mailOptOuts.category })
      .from(mailOptOuts)
      .where(eq(mailOptOuts.userId, userId)),
    db
      .select({ cents: lowBalanceThresholds.thresholdCents })
      .from(lowBalanceThresholds)
      .where(eq(lowBalanceThresholds.userId, userId)),
  ])
  return {
    off: optOuts.map((row) => row.category).sort(),
    thresholdCents: thresholds[0]?.cents ?? null,
  }
}

/** A POST as a mail provider's server sends it: no cookie, no Origin unless given. */
function postForm(
  pathname: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      new URL(pathname, baseUrl),
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': String(Buffer.byteLength(body)),
          ...headers,
        },
      },
      (response) => {
        let text = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (text += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }))
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

describe('email settings on /settings/account', { timeout: 180_000 }, () => {
  it('turns off an optional category and sets the threshold with the keyboard; both show after reload; mandatory mail has no switch', async () => {
    const user = await seedUser('user', 'Nora Notices')
    const page = await newPage()
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/settings/account`)
    const card = page.getByRole('region', { name: 'Mail preferences', exact: true })

    // Every optional category starts on; the mandatory ones are listed, with no control.
    const switches = card.getByRole('checkbox')
    expect(await switches.count()).toBe(3)
    for (const name of ['Renewal reminders', 'Low balance', 'Product news'])
      expect(await card.getByRole('checkbox', { name, exact: true }).isChecked()).toBe(true)
    const alwaysOn = card.getByRole('list', { name: 'Always sent' })
    expect(await alwaysOn.textContent()).toContain('Payment receipts')
    expect(await alwaysOn.textContent()).toContain('password changed')
    expect(await alwaysOn.getByRole('checkbox').count()).toBe(0)
    expect(await card.textContent()).toContain('cannot be turned off')
    expect(await layoutProblems(page, 'settings-email')).toEqual([])

    const reminders = card.getByRole('checkbox', { name: 'Renewal reminders', exact: true })
    await tabTo(page, reminders)
    expect(await focusIsVisible(reminders)).toBe(true)
    await page.keyboard.press('Space')
    expect(await reminders.isChecked()).toBe(false)
    const threshold = card.getByLabel('Low-balance threshold (USD)')
    await tabTo(page, threshold)
    expect(await focusIsVisible(threshold)).toBe(true)
    await page.keyboard.type('12.50')
    await page.keyboard.press('Enter')
    await page.getByText('Email settings saved.').first().waitFor()
    await expect
      .poll(() => savedPreferences(user.id))
      .toEqual({ off: ['billing_reminders'], thresholdCents: 1250 })

    await page.reload()
    expect(await reminders.isChecked()).toBe(false)
    expect(await card.getByRole('checkbox', { name: 'Low balance', exact: true }).isChecked()).toBe(
      true,
    )
    expect(await threshold.inputValue()).toBe('12.50')
    await page.context().close()
  })

  it('bad threshold input gets an error on the field and saves nothing, not even the switches', async () => {
    const user = await seedUser('user', 'Ivan Invalid')
    const page = await newPage({ width: 390, height: 844 })
    await logIn(page, baseUrl, user.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/settings/account`)
    const card = page.getByRole('region', { name: 'Mail preferences', exact: true })
    const threshold = card.getByLabel('Low-balance threshold (USD)')
    // Turned off in the same submission: a refused form must not save half of it.
    await card.getByRole('checkbox', { name: 'Product news', exact: true }).uncheck()

    const cases: [string, RegExp][] = [
      ['-1', /from \$0\.00 to \$1,000,000\.00/],
      ['abc', /decimal number like 12\.34/],
      ['1e3', /Exponent notation is not accepted/],
      ['1.234', /at most two decimal places/],
      ['1000000.01', /from \$0\.00 to \$1,000,000\.00/],
    ]
    const save = card.getByRole('button', { name: 'Save email settings' })
    for (const [input, message] of cases) {
      // The error shows before the page's data is read again; until then the button is
      // pending and Enter does not submit (a slow machine showed the previous error for 10 s).
      await expect.poll(() => save.isEnabled()).toBe(true)
      await threshold.fill(input)
      await threshold.press('Enter')
      await expect.poll(() => errorOf(threshold), { message: input }).toMatch(message)
      expect(await threshold.getAttribute('aria-invalid')).toBe('true')
      expect(await threshold.inputValue(), 'the input is kept to correct').toBe(input)
      expect(await page.locator('main').textContent()).not.toMatch(
        /NaN|Invalid input|expected|Internal/,
      )
      expect(await savedPreferences(user.id)).toEqual({ off: [], thresholdCents: null })
    }
    expect(await layoutProblems(page, 'settings-email-error')).toEqual([])

    await page.reload()
    expect(
      await card.getByRole('checkbox', { name: 'Product news', exact: true }).isChecked(),
    ).toBe(true)
    expect(await threshold.inputValue()).toBe('')
    await page.context().close()
  })
})

describe('the unsubscribe link', { timeout: 180_000 }, () => {
  it('confirms first (GET changes nothing), then unsubscribes with the button, without signing in', async () => {
    const user = await seedUser('user', 'Ursula Unsub')
    const token = tokenFor({ userId: user.id, category: 'low_balance' })
    const page = await newPage({ width: 390, height: 844 })
    const response = await page.goto(`${baseUrl}/unsubscribe/${token}`)
    expect(response?.status()).toBe(200)
    await page.getByText('Stop getting “Low balance” emails?').waitFor()
    expect(await savedPreferences(user.id)).toEqual({ off: [], thresholdCents: null })
    expect(await layoutProblems(page, 'unsubscribe-confirm')).toEqual([])

    const button = page.getByRole('button', { name: 'Unsubscribe from Low balance' })
    await tabTo(page, button)
    expect(await focusIsVisible(button)).toBe(true)
    await page.keyboard.press('Enter')
    await page
      .getByRole('status')
      .filter({ hasText: 'you no longer get “Low balance” emails' })
      .waitFor()
    expect(await savedPreferences(user.id)).toEqual({ off: ['low_balance'], thresholdCents: null })
    expect(await layoutProblems(page, 'unsubscribe-done')).toEqual([])
    await page.context().close()
  })

  it('a tampered or malformed link is refused with a clear 403 page and changes nothing', async () => {
    const user = await seedUser('user', 'Tom Tamper')
    const token = tokenFor({ userId: user.id, category: 'product_news' })
    const page = await newPage({ width: 390, height: 844 })
    for (const bad of [
      tampered(token),
      // Signed for someone else: the signature names the user.
      `${user.id + 1}.product_news.${token.split('.')[2]}`,
      'not-a-token',
    ]) {
      const response = await page.goto(`${baseUrl}/unsubscribe/${bad}`)
      expect(response?.status(), bad).toBe(403)
      await page.getByText('This unsubscribe link is not valid').first().waitFor()
      expect(
        await page.getByRole('link', { name: 'Open your mail preferences' }).getAttribute('href'),
      ).toBe('/settings/account')
      expect(await page.getByRole('button', { name: /Unsubscribe from/ }).count()).toBe(0)
    }
    expect(await layoutProblems(page, 'unsubscribe-refused')).toEqual([])
    expect(await savedPreferences(user.id)).toEqual({ off: [], thresholdCents: null })
    await page.context().close()
  })
})

describe('RFC 8058 one-click POST, as a mail provider sends it', () => {
  it('no cookie, no Origin: 2xx and the category is off; again: still 2xx, one row; a bad token 403', async () => {
    const user = await seedUser('user', 'Gus Gmail')
    const token = tokenFor({ userId: user.id, category: 'billing_reminders' })
    for (const attempt of [1, 2]) {
      const response = await postForm(`/unsubscribe/${token}`, 'List-Unsubscribe=One-Click')
      expect(response.status, `attempt ${attempt}`).toBeGreaterThanOrEqual(200)
      expect(response.status, `attempt ${attempt}`).toBeLessThan(300)
    }
    const rows = await db
      .select()
      .from(mailOptOuts)
      .where(and(eq(mailOptOuts.userId, user.id), eq(mailOptOuts.category, 'billing_reminders')))
    expect(rows).toHaveLength(1)

    const refused = await postForm(`/unsubscribe/${tampered(token)}`, 'List-Unsubscribe=One-Click')
    expect(refused.status).toBe(403)
    expect(refused.body).toContain('This unsubscribe link is not valid')
  })

  it('a POST naming a foreign Origin is refused by the app-wide check (mail providers send none)', async () => {
    const user = await seedUser('user', 'Fay Foreign')
    const token = tokenFor({ userId: user.id, category: 'product_news' })
    const response = await postForm(`/unsubscribe/${token}`, 'List-Unsubscribe=One-Click', {
      Origin: 'https://mail.example.net',
    })
    expect(response.status).toBe(403)
    expect(response.body).toContain('CROSS_ORIGIN_REQUEST')
    expect(await savedPreferences(user.id)).toEqual({ off: [], thresholdCents: null })
  })
})

describe('Retry now on /admin/mail', { timeout: 180_000 }, () => {
  it('a failed message shows its error and Retry now puts it back to pending', async () => {
    const admin = await seedUser('admin', 'Rita Retry')
    const customer = await seedUser('user', 'Fred Failed')
    await grantCredits(customer.id, admin, 2500)
    // The adjustment's notice, as if the SMTP server had refused it for good.
    const [mail] = await db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(eq(mailOutbox.userId, customer.id))
      .orderBy(desc(mailOutbox.id))
      .limit(1)
    await db
      .update(mailOutbox)
      .set({
        status: 'failed',
        attempts: 10,
        lastError:
          '550 5.1.1 <fred@e2e.test>: Recipient address rejected: User unknown in virtual mailbox table',
      })
      .where(eq(mailOutbox.id, mail!.id))
    expect(mail).toBeDefined()

    const page = await newPage()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/mail?status=failed`)
    const row = page.getByTestId('mail-row').filter({ hasText: customer.email })
    await expect.poll(() => row.count()).toBe(1)
    expect(await layoutProblems(page, 'admin-mail-failed-list')).toEqual([])

    await page.goto(`${baseUrl}/admin/mail/${mail!.id}`)
    await page.getByText('Recipient address rejected').first().waitFor()
    expect(await layoutProblems(page, 'admin-mail-failed')).toEqual([])
    const retry = page.getByRole('button', { name: 'Retry now' })
    await tabTo(page, retry)
    expect(await focusIsVisible(retry)).toBe(true)
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('mail-status').textContent()).toBe('Waiting')
    expect(await retry.count()).toBe(0)
    // The button went with the status: the notice saying what happened has the focus.
    const queued = page.getByRole('status').filter({ hasText: 'Back in the queue' })
    await expect
      .poll(() => queued.evaluate((notice) => notice.parentElement === document.activeElement))
      .toBe(true)
    const [after] = await db
      .select({ status: mailOutbox.status, attempts: mailOutbox.attempts })
      .from(mailOutbox)
      .where(eq(mailOutbox.id, mail!.id))
    expect(after).toEqual({ status: 'pending', attempts: 0 })
    expect(await layoutProblems(page, 'admin-mail-retried')).toEqual([])
    await page.context().close()
  })
})
