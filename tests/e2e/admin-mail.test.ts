import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { deliverDueMail } from '#server/services/mail/deliver-due-mail.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { E2E_PASSWORD, grantCredits, seedUser } from './helpers.ts'
import { buyCreditsThroughStub, stubPayPalSdk } from './paypal-sdk-stub.ts'

/**
 * /admin/mail in Chromium (issue #14): the built app runs without SMTP_URL (offline mode), so
 * an admin adjustment's notice lands in the local mailbox, labelled as such; the message opens
 * with its HTML in a sandboxed frame and its text. No serious axe finding at 1280 and 390 px,
 * no sideways scroll at 390 px. ADMIN_MAIL_SCREENSHOTS=<dir> keeps screenshots.
 */

const baseUrl = inject('e2eBaseUrl')
const SHOTS = process.env.ADMIN_MAIL_SCREENSHOTS
let browser: Browser
let page: Page

async function layoutProblems(name: string): Promise<string[]> {
  const problems: string[] = []
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 })
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true })
    for (const finding of await seriousAxeViolations(page))
      problems.push(
        `${name} ${width}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`,
      )
    if (width === 390)
      for (const line of await horizontalOverflow(page)) problems.push(`${name} 390: ${line}`)
  }
  return problems
}

beforeAll(async () => {
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
}, 120_000)
afterAll(async () => {
  await browser?.close()
})

describe('admin mail', () => {
  it('an admin adjustment notice is in the labelled local mailbox and opens safely', async () => {
    const admin = await seedUser('admin', 'Mia Mailroom')
    const customer = await seedUser('user', 'Carl Customer')
    await grantCredits(customer.id, admin, 1234)
    // What the app's mail worker does on its minute sweep, done now.
    const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
    await deliverDueMail(db, { transport: null }).finally(() => sql.end())

    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/mail?status=local`)
    await expect
      .poll(() => page.getByText('Local mailbox — mail is not sent in this environment').count())
      .toBe(1)
    const row = page.getByTestId('mail-row').filter({ hasText: customer.email })
    await expect.poll(() => row.count()).toBe(1)
    expect(await layoutProblems('mail-list')).toEqual([])

    await row.getByRole('link', { name: 'SkyPANEL: $12.34 added to your credits' }).click()
    await page.waitForURL(/\/admin\/mail\/\d+$/)
    const frame = page.locator('iframe[title="Message as HTML"]')
    expect(await frame.getAttribute('sandbox')).toBe('')
    await expect
      .poll(() => frame.contentFrame().getByText('Reason: Seeded by an end-to-end test').count())
      .toBe(1)
    await page.getByText('Plain-text version').click()
    expect(await page.getByTestId('mail-text').textContent()).toContain('$12.34')
    expect(await page.getByTestId('mail-attachments').textContent()).toBe('None')
    expect(await layoutProblems('mail-message')).toEqual([])
  })

  it('a top-up’s receipt mail shows its PDF as an attachment that downloads', async () => {
    const admin = await seedUser('admin', 'Rhea Receipts')
    const customer = await seedUser('user', 'Tom Topup')
    const buyer = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await stubPayPalSdk(buyer)
      await logIn(buyer, baseUrl, customer.email, E2E_PASSWORD)
      await buyCreditsThroughStub(buyer, baseUrl)
    } finally {
      await buyer.close()
    }
    const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
    await deliverDueMail(db, { transport: null }).finally(() => sql.end())

    await page.context().clearCookies()
    await logIn(page, baseUrl, admin.email, E2E_PASSWORD)
    await page.goto(`${baseUrl}/admin/mail?status=local`)
    const row = page.getByTestId('mail-row').filter({ hasText: customer.email })
    await row.getByRole('link', { name: /receipt: \$25\.00 paid$/ }).click()
    await page.waitForURL(/\/admin\/mail\/\d+$/)
    const link = page.getByTestId('mail-attachments').getByRole('link', {
      name: /^RCT-\d{4}-\d{6}\.pdf$/,
    })
    await expect.poll(() => link.count()).toBe(1)
    const filename = (await link.textContent())!
    const number = filename.replace(/\.pdf$/, '')
    expect(await page.getByTestId('mail-text').textContent()).toContain(number)
    const response = await page.request.get(
      new URL((await link.getAttribute('href'))!, baseUrl).href,
    )
    expect(response.status()).toBe(200)
    expect(response.headers()['content-disposition']).toBe(`attachment; filename="${filename}"`)
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-')
    expect(await layoutProblems('mail-receipt')).toEqual([])
  })
})
