import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import type postgres from 'postgres'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createDatabase, openPostgres } from '#db/connection.ts'
import { signWebhook } from '#server/services/provisioning/sign-webhook.ts'
import { createUser } from '#server/services/users/create-user.ts'
import { freePort, withDatabase } from '#tests/setup/free-port.ts'
import { horizontalOverflow, seriousAxeViolations } from './axe.ts'
import { launchBrowser, logIn } from './browser.ts'
import { insertServerProduct } from './helpers.ts'
import { deploymentEnv, renewalPass, startApp, type AppProcess } from './walkthrough/processes.ts'
import {
  DOCUMENTED_SHAPE,
  documentedShape,
  startProvisioner,
  verify,
} from './walkthrough/receiver.ts'

/**
 * Issue #13's "done when", tried as a new user would, in Chromium at 390×844 against the
 * production build: a customer registers, funds custom credits through the offline checkout,
 * orders a dedicated server monthly (told price + setup fee, charged exactly that) and a DNS
 * plan; the admin provisions the server from the queue; both renew from credits in the real
 * renewal pass (`jobs:renewals --now`, later in time); an unfunded renewal goes past due, stays
 * so through the grace days (DNS_GRACE_DAYS, set here to a non-default 5), is suspended after
 * them, and a top-up in the browser resumes it at the next pass; a read-scoped API token sees
 * `GET /api/services/entitlements` follow all of it. Provisioners on loopback receive the
 * events of the webhook families and check each one exactly as docs/provisioning-webhooks.md
 * tells receivers to; the first attempt is answered 500 and must come again with the same id.
 * Then the operator switches dedicated servers to a webhook too: the next lapse sends
 * "suspended" and "unsuspended" (held back in order behind the retried first) to the server's
 * provisioner, and the DNS plan, lapsed with it, ends: "terminated" to the DNS provisioner.
 *
 * Why an app of its own (on its own database of the e2e PostgreSQL): which families go to a
 * webhook is deployment configuration, read by every process that records or delivers events.
 * The e2e layer's shared app has none, and its worker sweeps every pending event of its
 * database; here every process (web + worker, renewal pass) runs with the same webhook env.
 */

const serverUrl = inject('e2eDatabaseUrl')
const databaseName = `skypanel_e2e_walk_${process.pid}`
const databaseUrl = withDatabase(serverUrl, databaseName)
const SHOTS = process.env.WALKTHROUGH_SCREENSHOTS
const HOUR_MS = 60 * 60 * 1000
const DAY_MS = 24 * HOUR_MS
const GRACE_DAYS = 5
const TERMINATE_AFTER_DAYS = 10
const DNS_SECRET = 'walkthrough-dns-secret-0123456789abcdef'
const SERVER_SECRET = 'walkthrough-server-secret-0123456789abcd'
const PASSWORD = 'walkthrough-password-1'
// A minute sweep retries a failed delivery one minute later: allow a few on a loaded machine.
const DELIVERY_WAIT_MS = 240_000
/** Waiting for the page to show what the server did, on a slow, loaded machine. */
const UI_WAIT = { timeout: 30_000 }

const PRICE_CENTS = 12_900
const SETUP_CENTS = 4_900
const DNS_BASIC_CENTS = 500

let browser: Browser
let server: postgres.Sql
let check: postgres.Sql
let app: AppProcess | null = null
let dnsHook: Awaited<ReturnType<typeof startProvisioner>>
let serverHook: Awaited<ReturnType<typeof startProvisioner>>
let env: NodeJS.ProcessEnv
const problems: string[] = []

const dollars = (text: string | null) => {
  const match = /-?\$[\d,]+\.\d{2}/.exec(text ?? '')
  if (!match) throw new Error(`no amount in ${JSON.stringify(text)}`)
  const negative = match[0].startsWith('-')
  const [whole, cents] = match[0].replace(/[-$,]/g, '').split('.') as [string, string]
  return (negative ? -1 : 1) * (Number(whole) * 100 + Number(cents))
}

/** A page as visited: a screenshot (WALKTHROUGH_SCREENSHOTS=<dir>), axe and sideways scroll. */
async function look(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true })
  for (const finding of await seriousAxeViolations(page))
    problems.push(`${name}: [${finding.impact}] ${finding.id} at ${finding.targets.join(' | ')}`)
  for (const line of await horizontalOverflow(page)) problems.push(`${name}: ${line}`)
}

async function newPhone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
  return { context, page: await context.newPage() }
}

async function row<T>(text: string, params: (string | number)[]): Promise<T> {
  const rows = (await check.unsafe(text, params)) as unknown as T[]
  return rows[0]!
}

/** The customer's services with their period ends, as the renewal pass sees them. */
async function periods(userId: number) {
  const rows = (await check.unsafe(
    `select id, family, status, current_period_end from services where user_id = $1 order by id`,
    [userId],
  )) as unknown as { id: number; family: string; status: string; current_period_end: Date }[]
  const server = rows.find((r) => r.family === 'dedicated_server')!
  const dns = rows.find((r) => r.family === 'dns')!
  return { server, dns }
}

async function ledger(userId: number) {
  const rows = (await check.unsafe(
    `select type, amount_cents from credit_transactions where user_id = $1 order by id`,
    [userId],
  )) as unknown as { type: string; amount_cents: string }[]
  return rows.map((r) => [r.type, Number(r.amount_cents)])
}

async function entitlements(baseUrl: string, token: string) {
  const response = await fetch(`${baseUrl}/api/services/entitlements`, {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as {
    dns: Record<string, unknown>
    dedicated_server: { count: number; servers: Record<string, unknown>[] }
  }
}

/** The checkout in offline mode: the simulated PayPal approval box, approved. */
async function topUp(page: Page, baseUrl: string, amount: string, prefilled = false) {
  await page.goto(`${baseUrl}/billing?tab=credits${prefilled ? `&amount=${amount}` : ''}`)
  const card = page.locator('[aria-labelledby="buy-credits-title"]')
  const input = card.getByLabel(/Custom amount/)
  if (prefilled) await expect.poll(() => input.inputValue(), UI_WAIT).toBe(amount)
  else await input.fill(amount)
  await card.getByRole('button', { name: `Pay $${amount} with PayPal (simulated)` }).click()
  const box = card.getByRole('dialog', { name: /Simulated PayPal/ })
  await box.waitFor()
  expect(await box.getByTestId('approval-amount').textContent()).toBe(`$${amount}`)
  await box.getByRole('button', { name: 'Approve payment' }).click()
  await card
    .getByTestId('checkout-success')
    .getByText(new RegExp(`\\$${amount.replace('.', '\\.')} of custom credits added`))
    .waitFor({ timeout: 60_000 })
}

/** The customer's services page until the server's card says `status`. */
async function serverStatus(page: Page, baseUrl: string, productName: string, status: string) {
  await page.goto(`${baseUrl}/services`)
  const card = page.getByTestId('my-service').filter({ hasText: productName })
  await expect.poll(() => card.getByTestId('service-status').textContent(), UI_WAIT).toBe(status)
  return card
}

async function balanceOnServicesPage(page: Page) {
  return dollars(await page.getByTestId('services-balance').textContent())
}

/** The credits history as the transactions page shows it: [description, amount, balance after]. */
async function transactions(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/transactions?balance=credits`)
  const rows = page.getByTestId('transaction-row')
  await rows.first().waitFor()
  const out: [string, number, number][] = []
  for (const r of await rows.all()) {
    const cells = r.locator('td')
    out.push([
      ((await cells.nth(3).textContent()) ?? '').trim(),
      dollars(await cells.nth(4).textContent()),
      dollars(await cells.nth(5).textContent()),
    ])
  }
  return out
}

function appEnv(extra: Record<string, string>) {
  return deploymentEnv(databaseUrl, {
    DNS_GRACE_DAYS: String(GRACE_DAYS),
    SERVICES_TERMINATE_AFTER_DAYS: String(TERMINATE_AFTER_DAYS),
    PROVISIONER_DNS: 'webhook',
    PROVISIONING_WEBHOOK_URL_DNS: dnsHook.url,
    PROVISIONING_WEBHOOK_SECRET_DNS: DNS_SECRET,
    ...extra,
  })
}

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true })
  server = openPostgres(withDatabase(serverUrl, 'postgres'), { max: 1 })
  await server.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await server.unsafe(`create database "${databaseName}"`)
  dnsHook = await startProvisioner(DNS_SECRET)
  serverHook = await startProvisioner(SERVER_SECRET)
  // Dedicated servers are provisioned by hand (the default): the admin's queue.
  env = appEnv({})
  app = await startApp(await freePort(), env)
  check = openPostgres(databaseUrl, { max: 2 })
  browser = await launchBrowser()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (process.env.E2E_SHOW_APP_LOG) console.log(app?.output())
  await dnsHook?.close()
  await serverHook?.close()
  await check?.end()
  await server?.unsafe(`drop database if exists "${databaseName}" with (force)`)
  await server?.end()
})

const customer = { name: 'Wanda Walkthrough', email: `wanda-${randomUUID().slice(0, 8)}@e2e.test` }
let customerId = 0
let productName = ''
let token = ''
let dnsActivatedId = ''

describe('services walkthrough (issue #13, as a new user would)', () => {
  it('funds, orders a server and a DNS plan, is provisioned, renews, lapses past due → suspended, is resumed by a top-up; entitlements and the DNS webhook follow', async () => {
    const baseUrl = app!.url
    // The operator's catalog: production starts without dedicated servers (issue #13).
    const { db, sql } = createDatabase(databaseUrl, { max: 1 })
    let adminEmail = ''
    try {
      productName = `Walk Box ${randomUUID().slice(0, 6)}`
      await insertServerProduct(db, {
        name: productName,
        slug: productName.toLowerCase().replace(/ /g, '-'),
        description: 'A server for the walkthrough.',
        setupFeeCents: SETUP_CENTS,
        prices: { monthly: PRICE_CENTS, yearly: 129_000 },
      })
      adminEmail = `walk-admin-${randomUUID().slice(0, 8)}@e2e.test`
      await createUser(
        db,
        { name: 'Walk Admin', email: adminEmail, password: PASSWORD },
        { role: 'admin' },
      )
    } finally {
      await sql.end()
    }

    /* 1. A new user registers and funds $334.00 through the checkout. -------------------- */
    const { context, page } = await newPhone()
    await page.goto(`${baseUrl}/register`)
    await look(page, '01-register')
    await page.getByLabel('Name').fill(customer.name)
    await page.getByLabel('Email').fill(customer.email)
    await page.getByLabel('Password').fill(PASSWORD)
    await Promise.all([
      page.waitForURL(`${baseUrl}/`),
      page.getByRole('button', { name: 'Create account' }).click(),
    ])
    customerId = (
      await row<{ id: number }>('select id from users where email = $1', [customer.email])
    ).id
    await topUp(page, baseUrl, '334.00')
    await look(page, '02-funded')
    expect(await ledger(customerId)).toEqual([['purchase', 33_400]])

    /* 2. Orders the server monthly: told price + setup fee, charged exactly that. ---------- */
    await page.goto(`${baseUrl}/services`)
    await expect.poll(() => balanceOnServicesPage(page), UI_WAIT).toBe(33_400)
    const productCard = page.getByTestId('server-product').filter({ hasText: productName })
    await productCard.getByLabel('Billing cycle').selectOption('monthly')
    await productCard.getByRole('button', { name: `Order ${productName}` }).click()
    const order = page.getByRole('alertdialog', { name: `Order ${productName}?` })
    await expect
      .poll(() => order.getByTestId('order-amount').textContent(), UI_WAIT)
      .toBe('$178.00')
    expect(await order.getByTestId('order-setup-fee').textContent()).toBe('$49.00')
    expect(await order.getByTestId('order-renewal').textContent()).toBe('$129.00 every month')
    await look(page, '03-order-dialog')
    await order.getByRole('button', { name: 'Order for $178.00' }).click()
    await order.waitFor({ state: 'detached' })
    const myServer = page.getByTestId('my-service').filter({ hasText: productName })
    await expect
      .poll(() => myServer.getByTestId('service-status').textContent(), UI_WAIT)
      .toBe('Being set up')
    await expect
      .poll(() => balanceOnServicesPage(page), UI_WAIT)
      .toBe(33_400 - PRICE_CENTS - SETUP_CENTS)
    await look(page, '04-server-being-set-up')

    /* 3. Buys the DNS Basic plan. -------------------------------------------------------- */
    await page.goto(`${baseUrl}/dns-plans`)
    await page.getByTestId('dns-balance').waitFor()
    await page.getByRole('button', { name: 'Buy Basic' }).click()
    const buy = page.getByRole('alertdialog', { name: 'Buy Basic?' })
    await buy.getByTestId('buy-amount').getByText('$5.00').waitFor()
    await buy.getByRole('button', { name: 'Buy for $5.00' }).click()
    await page.getByTestId('current-dns-plan').getByText('Basic').first().waitFor()
    await look(page, '05-dns-basic')
    expect(await ledger(customerId)).toEqual([
      ['purchase', 33_400],
      ['service_purchase', -PRICE_CENTS],
      ['service_setup_fee', -SETUP_CENTS],
      ['service_purchase', -DNS_BASIC_CENTS],
    ])

    /* 4. A read-scoped API token; entitlements: the DNS plan, no server yet (being set up). */
    await page.goto(`${baseUrl}/settings/tokens`)
    await page.getByLabel('Name').fill('entitlements reader')
    await page.getByLabel('Scope').selectOption('read')
    await page.getByRole('button', { name: 'Create token' }).click()
    token = (await page.getByTestId('new-token').textContent()) ?? ''
    expect(token).toMatch(/^spk_/)
    await look(page, '06-token')
    const basic = await row<{ limits: { maxDomains: number; maxRecords: number } }>(
      `select limits from products where family = 'dns' and slug = 'basic'`,
      [],
    )
    expect(basic.limits).toEqual({ maxDomains: 5, maxRecords: 100 })
    let granted = await entitlements(baseUrl, token)
    expect(granted.dns).toMatchObject({
      hasPlan: true,
      planName: 'Basic',
      maxDomains: 5,
      maxRecords: 100,
      status: 'active',
    })
    expect(granted.dedicated_server.count).toBe(0)
    // Read scope reads; it does not order.
    const write = await fetch(`${baseUrl}/api/services/order`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ productId: 1, cycle: 'monthly' }),
    })
    expect(write.status).toBe(403)

    /* 5. The admin provisions the server from the queue; the customer sees it active. ------ */
    const { server: pendingServer } = await periods(customerId)
    const adminPhone = await newPhone()
    await logIn(adminPhone.page, baseUrl, adminEmail, PASSWORD)
    await adminPhone.page.goto(`${baseUrl}/admin/provisioning`)
    const queued = adminPhone.page
      .getByTestId('provisioning-queue-row')
      .filter({ hasText: productName })
    await expect.poll(() => queued.count(), UI_WAIT).toBe(1)
    expect(await queued.textContent()).toContain(customer.name)
    await look(adminPhone.page, '07-admin-queue')
    await queued
      .getByRole('button', { name: `Provision service #${pendingServer.id}`, exact: false })
      .click()
    const provision = adminPhone.page.getByRole('dialog')
    await provision.getByLabel('Hostname').fill('walk-1.example.test')
    await provision.getByLabel('IP address').fill('203.0.113.10')
    await provision.getByLabel('Reason').fill('Racked and installed')
    await look(adminPhone.page, '08-admin-provision-dialog')
    await provision.getByRole('button', { name: 'Mark active' }).click()
    await provision.waitFor({ state: 'detached' })
    await adminPhone.page
      .getByText(`Service #${pendingServer.id} is active`, { exact: true })
      .waitFor()

    const activeCard = await serverStatus(page, baseUrl, productName, 'Active')
    expect(await activeCard.textContent()).toContain('walk-1.example.test')
    await look(page, '09-server-active')
    granted = await entitlements(baseUrl, token)
    expect(granted.dedicated_server.count).toBe(1)
    expect(granted.dedicated_server.servers[0]).toMatchObject({
      productName,
      status: 'active',
      hostname: 'walk-1.example.test',
      ipAddress: '203.0.113.10',
    })

    /* 6. A month on, the renewal pass renews both from credits. --------------------------- */
    const first = await periods(customerId)
    const firstDue = Math.max(
      first.server.current_period_end.getTime(),
      first.dns.current_period_end.getTime(),
    )
    await renewalPass(new Date(firstDue + HOUR_MS), env)
    const balanceAfterOrders = 33_400 - PRICE_CENTS - SETUP_CENTS - DNS_BASIC_CENTS
    let history = await transactions(page, baseUrl)
    const serverRenewals = () =>
      history.filter(([text]) => text.startsWith(`Dedicated server renewal: ${productName}`))
    const dnsRenewals = () => history.filter(([text]) => text.startsWith('DNS plan renewal: Basic'))
    expect(serverRenewals().map(([, amount]) => amount)).toEqual([-PRICE_CENTS])
    expect(dnsRenewals().map(([, amount]) => amount)).toEqual([-DNS_BASIC_CENTS])
    expect(history[0]![2]).toBe(balanceAfterOrders - PRICE_CENTS - DNS_BASIC_CENTS)
    await look(page, '10-transactions-renewed')
    await serverStatus(page, baseUrl, productName, 'Active')

    /* 7. The next month the credits ($17.00) pay the DNS plan but not the server: past due. */
    const second = await periods(customerId)
    const serverDue = second.server.current_period_end.getTime()
    expect(serverDue).toBeGreaterThan(first.server.current_period_end.getTime())
    await renewalPass(
      new Date(Math.max(serverDue, second.dns.current_period_end.getTime()) + HOUR_MS),
      env,
    )
    await serverStatus(page, baseUrl, productName, 'Payment overdue')
    await look(page, '11-server-past-due')
    history = await transactions(page, baseUrl)
    expect(dnsRenewals().map(([, amount]) => amount)).toEqual([-DNS_BASIC_CENTS, -DNS_BASIC_CENTS])
    expect(serverRenewals()).toHaveLength(1)
    const shortBalance = balanceAfterOrders - PRICE_CENTS - 2 * DNS_BASIC_CENTS
    expect(history[0]![2]).toBe(shortBalance)
    // In grace a past-due server is still usable.
    expect((await entitlements(baseUrl, token)).dedicated_server.count).toBe(1)

    /* 8. Still in grace an hour before DNS_GRACE_DAYS end; suspended an hour after. ------- */
    await renewalPass(new Date(serverDue + GRACE_DAYS * DAY_MS - HOUR_MS), env)
    await serverStatus(page, baseUrl, productName, 'Payment overdue')
    const suspendedAt = serverDue + GRACE_DAYS * DAY_MS + HOUR_MS
    await renewalPass(new Date(suspendedAt), env)
    await serverStatus(page, baseUrl, productName, 'Suspended')
    await look(page, '12-server-suspended')
    granted = await entitlements(baseUrl, token)
    expect(granted.dedicated_server.count).toBe(0)
    expect(granted.dns).toMatchObject({ hasPlan: true, planName: 'Basic', status: 'active' })

    /* 9. The customer tops up what is missing; the next pass resumes the server. ---------- */
    const missing = PRICE_CENTS - shortBalance
    const notice = await row<{ link: string }>(
      `select link from notifications where user_id = $1 and kind = 'service_suspended'`,
      [customerId],
    )
    const amount = (missing / 100).toFixed(2)
    expect(notice.link).toBe(`/billing?tab=credits&amount=${amount}`)
    await topUp(page, baseUrl, amount, true)
    await look(page, '13-topped-up')
    await renewalPass(new Date(suspendedAt + HOUR_MS), env)
    await serverStatus(page, baseUrl, productName, 'Active')
    await expect.poll(() => balanceOnServicesPage(page), UI_WAIT).toBe(0)
    await look(page, '14-server-resumed')
    history = await transactions(page, baseUrl)
    expect(serverRenewals().map(([, a]) => a)).toEqual([-PRICE_CENTS, -PRICE_CENTS])
    expect(history[0]).toEqual([
      expect.stringContaining('Dedicated server renewal'),
      -PRICE_CENTS,
      0,
    ])
    expect((await entitlements(baseUrl, token)).dedicated_server.count).toBe(1)
    // The ledger: the first month's two renewals were written by two workers of one pass,
    // in either order.
    const entries = await ledger(customerId)
    expect(entries.slice(0, 4)).toEqual([
      ['purchase', 33_400],
      ['service_purchase', -PRICE_CENTS],
      ['service_setup_fee', -SETUP_CENTS],
      ['service_purchase', -DNS_BASIC_CENTS],
    ])
    expect(
      entries
        .slice(4, 6)
        .map(([, cents]) => cents)
        .sort(),
    ).toEqual([-PRICE_CENTS, -DNS_BASIC_CENTS].sort())
    expect(entries.slice(4)).toEqual([
      ['service_renewal', expect.any(Number)],
      ['service_renewal', expect.any(Number)],
      ['service_renewal', -DNS_BASIC_CENTS],
      ['purchase', missing],
      ['service_renewal', -PRICE_CENTS],
    ])

    /* 10. The DNS provisioner got "activated", signed as documented, again after its 500. - */
    await expect
      .poll(() => dnsHook.accepted().length, { timeout: DELIVERY_WAIT_MS, interval: 1000 })
      .toBe(1)
    const [activated] = dnsHook.accepted()
    dnsActivatedId = activated!.eventId
    const attempts = dnsHook.attemptsOf(dnsActivatedId)
    expect(attempts.map((a) => [a.verified, a.status])).toEqual([
      [true, 500],
      [true, 204],
    ])
    expect(attempts[1]!.raw).toBe(attempts[0]!.raw)
    for (const attempt of attempts)
      expect(documentedShape(attempt.headers, attempt.body)).toEqual(DOCUMENTED_SHAPE)
    expect(activated!.body).toMatchObject({
      eventId: dnsActivatedId,
      type: 'activated',
      service: {
        family: 'dns',
        status: 'active',
        productSlug: 'basic',
        productName: 'Basic',
        cycle: 'monthly',
        limits: { maxDomains: 5, maxRecords: 100 },
      },
      user: { id: customerId, email: customer.email, name: customer.name },
    })
    // Renewals and a paid DNS plan change nothing a provisioner must act on: no more events.
    expect(dnsHook.received).toHaveLength(2)
    // The check can fail: another family's secret, a changed body, an old timestamp.
    expect(verify(SERVER_SECRET, activated!.headers, activated!.raw)).toBe(false)
    expect(verify(DNS_SECRET, activated!.headers, activated!.raw.replace('Basic', 'Pro!!'))).toBe(
      false,
    )
    const stale = Math.floor(Date.now() / 1000) - 301
    expect(
      verify(
        DNS_SECRET,
        {
          ...activated!.headers,
          'x-skypanel-timestamp': String(stale),
          'x-skypanel-signature': signWebhook(DNS_SECRET, stale, activated!.raw),
        },
        activated!.raw,
      ),
    ).toBe(false)
    // And the receiver refuses a request signed with the wrong secret.
    const now = Math.floor(Date.now() / 1000)
    const forged = await fetch(dnsHook.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-SkyPanel-Event-Id': dnsActivatedId,
        'X-SkyPanel-Timestamp': String(now),
        'X-SkyPanel-Signature': signWebhook(SERVER_SECRET, now, activated!.raw),
      },
      body: activated!.raw,
    })
    expect(forged.status).toBe(401)

    // The admin sees both attempts of that event in the delivery log.
    await adminPhone.page.goto(`${baseUrl}/admin/provisioning/events`)
    const logged = adminPhone.page
      .getByTestId('service-event-row')
      .filter({ hasText: dnsActivatedId })
    await expect.poll(() => logged.getAttribute('data-state'), UI_WAIT).toBe('delivered')
    expect(await logged.textContent()).toContain('2 attempts')
    await look(adminPhone.page, '15-admin-event-log')

    await adminPhone.context.close()
    await context.close()
    expect(problems).toEqual([])
  }, 900_000)

  it('with dedicated servers switched to a webhook provisioner, the server provisioner gets "suspended" and "unsuspended" of the next lapse, signed, in order; the lapsed DNS plan ends ("terminated")', async () => {
    expect(customerId, 'the walkthrough above ran first').toBeGreaterThan(0)
    // The operator switches dedicated servers to a webhook and restarts SkyPanel.
    await app!.stop()
    env = appEnv({
      PROVISIONER_DEDICATED_SERVER: 'webhook',
      PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER: serverHook.url,
      PROVISIONING_WEBHOOK_SECRET_DEDICATED_SERVER: SERVER_SECRET,
    })
    app = await startApp(await freePort(), env)
    const baseUrl = app.url

    const { context, page } = await newPhone()
    await logIn(page, baseUrl, customer.email, PASSWORD)
    const { server: running } = await periods(customerId)
    const due = running.current_period_end.getTime()
    // Nothing left, and the resumed server's period ends with the DNS plan's: both go past due;
    // after the grace days the server is suspended and the DNS plan ends (DNS plans do not
    // suspend); only the server is paid for again.
    await renewalPass(new Date(due + HOUR_MS), env)
    await serverStatus(page, baseUrl, productName, 'Payment overdue')
    await renewalPass(new Date(due + GRACE_DAYS * DAY_MS + HOUR_MS), env)
    await serverStatus(page, baseUrl, productName, 'Suspended')
    await topUp(page, baseUrl, '129.00', true)
    await renewalPass(new Date(due + GRACE_DAYS * DAY_MS + 2 * HOUR_MS), env)
    await serverStatus(page, baseUrl, productName, 'Active')
    await look(page, '16-resumed-again')

    await expect
      .poll(() => serverHook.accepted().map((r) => r.body.type), {
        timeout: DELIVERY_WAIT_MS,
        interval: 1000,
      })
      .toEqual(['suspended', 'unsuspended'])
    const [suspended, unsuspended] = serverHook.accepted()
    // The first was answered 500 and came again under the same id, the body byte for byte.
    const suspendedAttempts = serverHook.attemptsOf(suspended!.eventId)
    expect(suspendedAttempts.map((a) => [a.verified, a.status])).toEqual([
      [true, 500],
      [true, 204],
    ])
    expect(suspendedAttempts[1]!.raw).toBe(suspendedAttempts[0]!.raw)
    expect(serverHook.received.every((r) => r.verified)).toBe(true)
    for (const r of serverHook.received)
      expect(documentedShape(r.headers, r.body)).toEqual(DOCUMENTED_SHAPE)
    // Unsuspended was held back until suspended was delivered (order per service).
    expect(serverHook.received.indexOf(serverHook.attemptsOf(unsuspended!.eventId)[0]!)).toBe(
      serverHook.received.length - 1,
    )
    for (const [event, status] of [
      [suspended, 'suspended'],
      [unsuspended, 'active'],
    ] as const)
      expect(event!.body).toMatchObject({
        service: {
          id: running.id,
          family: 'dedicated_server',
          status,
          productName,
          hostname: 'walk-1.example.test',
          ipAddress: '203.0.113.10',
          limits: { cores: 8, ramGb: 64, location: 'Frankfurt' },
        },
        user: { id: customerId, email: customer.email },
      })
    expect(verify(DNS_SECRET, suspended!.headers, suspended!.raw)).toBe(false)
    // The DNS provisioner got the plan's end, and nothing of the server's.
    await expect
      .poll(() => dnsHook.accepted().map((r) => r.body.type), {
        timeout: DELIVERY_WAIT_MS,
        interval: 1000,
      })
      .toEqual(['activated', 'terminated'])
    const ended = dnsHook.accepted()[1]!
    expect(ended.verified).toBe(true)
    expect(documentedShape(ended.headers, ended.body)).toEqual(DOCUMENTED_SHAPE)
    expect(ended.body).toMatchObject({
      type: 'terminated',
      service: { family: 'dns', status: 'terminated', productName: 'Basic' },
      user: { id: customerId },
    })
    expect(
      dnsHook.received.every((r) => (r.body.service as { family?: string }).family === 'dns'),
    ).toBe(true)
    // Entitlements follow: no DNS plan any more, the resumed server is in service.
    const granted = await entitlements(baseUrl, token)
    expect(granted.dns).toMatchObject({ hasPlan: false, maxDomains: 0, maxRecords: 0 })
    expect(granted.dedicated_server.count).toBe(1)
    await context.close()
    expect(problems).toEqual([])
  }, 900_000)
})
