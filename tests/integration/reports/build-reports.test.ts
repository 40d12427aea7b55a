import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { beforeAll, describe, expect, it } from 'vitest'
import * as reportsPage from '#app/routes/admin.reports.tsx'
import * as reportCsvRoute from '#app/routes/admin.reports.$table[.]csv.ts'
import { db } from '#db/client.ts'
import * as schema from '#db/schema/index.ts'
import { creditTransactions, services, topups } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { planId } from '#tests/helpers/dns.ts'
import { buildReports, type Reports } from '#server/services/reports/build-reports.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * The admin reports against real rows: balances, DNS charges and spends written through the
 * services, top-ups inserted as the payment flow leaves them (the PayPal flow is covered in
 * tests/integration/payments). Every figure is checked to the cent.
 *
 * Ledger entries and DNS charges are stamped with the database's now(), so the "today"
 * figures use today's UTC window; day bucketing around midnight is checked on top-ups and on
 * two back-dated ledger rows (inserting is what the append-only journal allows).
 */

const DAY_MS = 24 * 60 * 60 * 1000
const at = (iso: string) => new Date(iso)

// The fixed past window: 2025-03-08 .. 2025-03-11 (to exclusive).
const PAST = { from: at('2025-03-08T00:00:00Z'), to: at('2025-03-12T00:00:00Z') }

let admin: TestUser
let plainUser: TestUser
let today: string
let thisMonth: string
let todayRange: { from: Date; to: Date }
const ids: Record<string, number> = {}
let payerEmail = ''

async function adjust(userId: number, direction: 'add' | 'remove', cents: number) {
  await adjustCreditsByAdmin(db, {
    userId,
    amount: cents,
    reason: `report test ${direction}`,
    direction,
    admin: { id: admin.id, name: admin.name },
  })
}

async function planIdOf(slug: string): Promise<number> {
  return planId(slug)
}

async function insertTopup(
  userId: number,
  values: Partial<typeof topups.$inferInsert> &
    Pick<typeof topups.$inferInsert, 'purpose' | 'status' | 'amountCents'>,
): Promise<number> {
  const [row] = await db
    .insert(topups)
    .values({
      userId,
      tokens: values.purpose === 'virtfusion_tokens' ? values.amountCents : null,
      ...values,
    })
    .returning({ id: topups.id })
  return row!.id
}

beforeAll(async () => {
  const now = new Date()
  today = now.toISOString().slice(0, 10)
  thisMonth = today.slice(0, 7)
  const midnight = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS)
  todayRange = { from: midnight, to: new Date(midnight.getTime() + DAY_MS) }

  admin = await createTestUser({ role: 'admin', name: 'Report Admin' })
  plainUser = await createTestUser({ name: 'Plain User' })

  // Balances and spending, through the services.
  const alice = await createTestUser({ name: 'Alice' })
  await adjust(alice.id, 'add', 10_000)
  await purchasePlan(db, { userId: alice.id, planId: await planIdOf('pro') }) // 15.00 → 85.00 left

  const bob = await createTestUser({ name: 'Bob' })
  await adjust(bob.id, 'add', 2_000)
  await adjust(bob.id, 'remove', 3_250) // owes 12.50

  const carol = await createTestUser({ name: 'Carol' })
  await adjust(carol.id, 'add', 600)
  await purchasePlan(db, { userId: carol.id, planId: await planIdOf('basic') }) // 5.00 → 1.00 left
  await db.update(services).set({ status: 'past_due' }).where(eq(services.userId, carol.id))

  const dave = await createTestUser({ name: 'Dave' })
  await adjust(dave.id, 'add', 5_000)
  await db.transaction(async (tx) => {
    await spendCredits(tx, {
      userId: dave.id,
      type: 'service_renewal',
      amountCents: 1_234,
      description: 'report test renewal',
    })
    await spendCredits(tx, {
      userId: dave.id,
      type: 'service_upgrade',
      amountCents: 66,
      description: 'report test upgrade',
    })
  }) // 37.00 left

  const frank = await createTestUser({ name: 'Frank' })
  await adjust(frank.id, 'add', 700)
  await adjust(frank.id, 'remove', 700) // exactly zero: neither holding nor owing

  const gina = await createTestUser({ name: 'Gina' })
  await adjust(gina.id, 'add', 5_000)
  await purchasePlan(db, { userId: gina.id, planId: await planIdOf('enterprise') }) // 0 left
  await db
    .update(services)
    .set({ status: 'cancelled', endedAt: new Date() })
    .where(eq(services.userId, gina.id))

  // Two back-dated spends either side of a UTC midnight, and a removal that is not spending.
  const ledger = await createTestUser({ name: 'Backdated Ledger' })
  await db.insert(creditTransactions).values([
    {
      userId: ledger.id,
      type: 'dns_plan_renewal',
      amountCents: -700,
      balanceBeforeCents: 700,
      balanceAfterCents: 0,
      description: 'back-dated renewal',
      createdAt: at('2025-03-09T23:59:59.999Z'),
    },
    {
      userId: ledger.id,
      type: 'dns_plan_purchase',
      amountCents: -50,
      balanceBeforeCents: 50,
      balanceAfterCents: 0,
      description: 'back-dated purchase',
      createdAt: at('2025-03-10T00:00:00.000Z'),
    },
    {
      userId: ledger.id,
      type: 'admin_remove',
      amountCents: -999,
      balanceBeforeCents: 0,
      balanceAfterCents: -999,
      description: 'back-dated removal',
      adminUserId: admin.id,
      reason: 'not a spend',
      createdAt: at('2025-03-10T12:00:00.000Z'),
    },
  ])

  // Top-ups as the payment flow leaves them.
  const payer = await createTestUser({ name: 'Payer' })
  ids.lastMillisecond = await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'completed',
    amountCents: 2_500,
    completedAt: at('2025-03-08T23:59:59.999Z'),
  })
  ids.midnight = await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'completed',
    amountCents: 1_000,
    completedAt: at('2025-03-09T00:00:00.000Z'),
  })
  ids.tokens = await insertTopup(payer.id, {
    purpose: 'virtfusion_tokens',
    status: 'completed',
    amountCents: 700,
    completedAt: at('2025-03-09T12:00:00Z'),
  })
  ids.refunded = await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'refunded',
    amountCents: 4_000,
    refundedCents: 4_000,
    failureReason: 'refund of $40.00',
    completedAt: at('2025-03-11T05:00:00Z'),
    updatedAt: at('2025-03-11T20:00:00Z'),
  })
  ids.reversed = await insertTopup(payer.id, {
    purpose: 'virtfusion_tokens',
    status: 'reversed',
    amountCents: 300,
    refundedCents: 300,
    failureReason: 'chargeback of $3.00',
    completedAt: at('2025-03-11T06:00:00Z'),
    updatedAt: at('2025-03-11T10:00:00Z'),
  })
  ids.failed = await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'failed',
    amountCents: 999,
    failureReason: '=HYPERLINK("http://evil.test","click")',
    createdAt: at('2025-03-10T10:00:00Z'),
    updatedAt: at('2025-03-10T10:05:00Z'),
  })
  ids.flagged = await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'flagged',
    amountCents: 1_500,
    failureReason: 'PayPal amount did not match',
    updatedAt: at('2025-03-10T23:30:00Z'),
  })
  ids.review = await insertTopup(payer.id, {
    purpose: 'virtfusion_tokens',
    status: 'review',
    amountCents: 2_000,
    failureReason: null,
    updatedAt: at('2025-03-09T08:00:00Z'),
  })
  // Outside the window or not finished: in no figure.
  await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'completed',
    amountCents: 111,
    completedAt: at('2025-03-12T00:00:00.000Z'),
  })
  await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'completed',
    amountCents: 222,
    completedAt: at('2025-03-07T23:59:59.999Z'),
  })
  await insertTopup(payer.id, {
    purpose: 'virtfusion_tokens',
    status: 'captured',
    amountCents: 333,
    updatedAt: at('2025-03-09T09:00:00Z'),
  })
  await insertTopup(payer.id, {
    purpose: 'custom_credits',
    status: 'failed',
    amountCents: 444,
    updatedAt: at('2025-03-12T00:00:00.000Z'),
  })
  ids.payer = payer.id
  payerEmail = payer.email
})

const EXPECTED_PAST_TOPUPS = [
  { day: '2025-03-08', purpose: 'custom_credits', count: 1, amountCents: 2_500 },
  { day: '2025-03-08', purpose: 'virtfusion_tokens', count: 0, amountCents: 0 },
  { day: '2025-03-09', purpose: 'custom_credits', count: 1, amountCents: 1_000 },
  { day: '2025-03-09', purpose: 'virtfusion_tokens', count: 1, amountCents: 700 },
  { day: '2025-03-10', purpose: 'custom_credits', count: 0, amountCents: 0 },
  { day: '2025-03-10', purpose: 'virtfusion_tokens', count: 0, amountCents: 0 },
  { day: '2025-03-11', purpose: 'custom_credits', count: 1, amountCents: 4_000 },
  { day: '2025-03-11', purpose: 'virtfusion_tokens', count: 1, amountCents: 300 },
]

describe('buildReports: every figure to the cent', () => {
  it('top-ups per UTC day of completion and purpose, refunded at the original amount, zero-filled', async () => {
    const report = await buildReports(db, PAST)
    expect(report.range).toEqual({ from: '2025-03-08', to: '2025-03-12' })
    expect(report.topupsPerDay).toEqual(EXPECTED_PAST_TOPUPS)
  })

  it('credits spent per UTC day: DNS purchases, renewals and upgrades only, zero-filled', async () => {
    const past = await buildReports(db, PAST)
    expect(past.creditsSpentPerDay).toEqual([
      { day: '2025-03-08', amountCents: 0 },
      { day: '2025-03-09', amountCents: 700 },
      { day: '2025-03-10', amountCents: 50 },
      { day: '2025-03-11', amountCents: 0 },
    ])
    const now = await buildReports(db, todayRange)
    // Alice's Pro 15.00 + Carol's Basic 5.00 + Dave's 12.34 renewal and 0.66 upgrade + Gina's Enterprise 50.00.
    expect(now.creditsSpentPerDay).toEqual([{ day: today, amountCents: 8_300 }])
  })

  it('credits outstanding as of now: net, held, owed, and who', async () => {
    const report = await buildReports(db, PAST)
    // Alice 85.00, Bob -12.50, Carol 1.00, Dave 37.00, Frank 0, Gina 0 (the back-dated rows
    // never touched a wallet).
    expect(report.creditsOutstanding).toEqual({
      totalCents: 8_500 - 1_250 + 100 + 3_700,
      positiveCents: 8_500 + 100 + 3_700,
      owedCents: 1_250,
      usersWithBalance: 3,
      usersOwing: 1,
    })
  })

  it('DNS revenue per UTC month and plan from the charges, whatever the subscription became', async () => {
    const report = await buildReports(db, todayRange)
    expect(report.dnsRevenuePerMonth).toEqual([
      { month: thisMonth, planName: 'Basic', amountCents: 500 },
      { month: thisMonth, planName: 'Pro', amountCents: 1_500 },
      { month: thisMonth, planName: 'Enterprise', amountCents: 5_000 },
    ])
    // Ledger-only spends (Dave's) are not plan charges; nothing was charged in March 2025.
    expect((await buildReports(db, PAST)).dnsRevenuePerMonth).toEqual([])
  })

  it('live subscriptions by plan: active and past due; cancelled ones are not counted', async () => {
    const report = await buildReports(db, PAST)
    expect(report.activeSubscriptionsByPlan).toEqual([
      { planName: 'Basic', active: 0, pastDue: 1 },
      { planName: 'Pro', active: 1, pastDue: 0 },
      { planName: 'Enterprise', active: 0, pastDue: 0 },
    ])
  })

  it('failed, flagged, in-review, refunded and reversed top-ups by the UTC day of their last change, newest first', async () => {
    const report = await buildReports(db, PAST)
    const row = (
      id: number,
      day: string,
      purpose: string,
      status: string,
      amountCents: number,
      refundedCents: number,
      reason: string | null,
    ) => ({
      id,
      day,
      userId: ids.payer,
      userEmail: payerEmail,
      purpose,
      status,
      amountCents,
      refundedCents,
      reason,
    })
    expect(report.failedAndRefundedPayments).toEqual([
      row(
        ids.refunded!,
        '2025-03-11',
        'custom_credits',
        'refunded',
        4_000,
        4_000,
        'refund of $40.00',
      ),
      row(
        ids.reversed!,
        '2025-03-11',
        'virtfusion_tokens',
        'reversed',
        300,
        300,
        'chargeback of $3.00',
      ),
      row(
        ids.flagged!,
        '2025-03-10',
        'custom_credits',
        'flagged',
        1_500,
        0,
        'PayPal amount did not match',
      ),
      row(
        ids.failed!,
        '2025-03-10',
        'custom_credits',
        'failed',
        999,
        0,
        '=HYPERLINK("http://evil.test","click")',
      ),
      row(ids.review!, '2025-03-09', 'virtfusion_tokens', 'review', 2_000, 0, null),
    ])
  })

  it('buckets days in UTC whatever the database session time zone is', async () => {
    const expected = await buildReports(db, PAST)
    for (const timeZone of ['Pacific/Kiritimati', 'America/Los_Angeles']) {
      const client = postgres(process.env.DATABASE_URL!, {
        max: 1,
        onnotice: () => {},
        connection: { TimeZone: timeZone },
      })
      try {
        const [setting] = await client<{ TimeZone: string }[]>`show timezone`
        expect(setting!.TimeZone).toBe(timeZone)
        const zoned = drizzle({ client, schema, casing: 'snake_case' })
        expect(await buildReports(zoned, PAST)).toEqual(expected)
      } finally {
        await client.end()
      }
    }
  })

  it('every money figure is an integer number of cents', async () => {
    const report: Reports = await buildReports(db, PAST)
    const amounts = [
      ...report.topupsPerDay.map((r) => r.amountCents),
      ...report.creditsSpentPerDay.map((r) => r.amountCents),
      ...Object.values(report.creditsOutstanding),
      ...report.failedAndRefundedPayments.flatMap((r) => [r.amountCents, r.refundedCents]),
    ]
    for (const amount of amounts) expect(Number.isSafeInteger(amount)).toBe(true)
  })
})

describe('the range', () => {
  it('defaults to the last 30 days including today, zero-filled', async () => {
    const report = await buildReports(db)
    expect(report.creditsSpentPerDay).toHaveLength(30)
    expect(report.creditsSpentPerDay.at(-1)).toEqual({ day: today, amountCents: 8_300 })
    expect(report.range.to).toBe(new Date(todayRange.to).toISOString().slice(0, 10))
    expect(report.topupsPerDay).toHaveLength(60)
  })

  it('accepts up to 366 days and refuses an empty, reversed or longer range naming the field', async () => {
    const leapYear = await buildReports(db, {
      from: at('2024-01-01T00:00:00Z'),
      to: at('2025-01-01T00:00:00Z'),
    })
    expect(leapYear.creditsSpentPerDay).toHaveLength(366)

    const refusal = (range: { from: Date; to: Date }) =>
      buildReports(db, range).then(
        () => null,
        (error: unknown) => (error instanceof AppError ? error : null),
      )
    const empty = await refusal({ from: PAST.from, to: PAST.from })
    expect(empty?.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(empty?.fields ?? {})).toEqual(['to'])
    const reversed = await refusal({ from: PAST.to, to: PAST.from })
    expect(Object.keys(reversed?.fields ?? {})).toEqual(['to'])
    const tooLong = await refusal({
      from: at('2024-01-01T00:00:00Z'),
      to: at('2025-01-02T00:00:00Z'),
    })
    expect(tooLong?.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(tooLong?.fields ?? {})).toEqual(['from'])
  })
})

type TrpcErrorBody = {
  error: {
    json: { message: string; data: { httpStatus: number; fields: Record<string, string[]> | null } }
  }
}

async function trpcFailure(response: Response) {
  const body = (await response.json()) as TrpcErrorBody
  return { status: response.status, ...body.error.json.data, message: body.error.json.message }
}

describe('admin.reports.get over tRPC', () => {
  it('returns the report for YYYY-MM-DD days with to exclusive', async () => {
    const report = await trpcData<Reports>(
      await trpcQuery('admin.reports.get', { from: '2025-03-08', to: '2025-03-12' }, admin.cookie),
    )
    expect(report.topupsPerDay).toEqual(EXPECTED_PAST_TOPUPS)
    expect(report.creditsSpentPerDay.map((r) => r.amountCents)).toEqual([0, 700, 50, 0])
    const oneDay = await trpcData<Reports>(
      await trpcQuery('admin.reports.get', { from: '2025-03-09', to: '2025-03-10' }, admin.cookie),
    )
    expect(oneDay.topupsPerDay.map((r) => r.amountCents)).toEqual([1_000, 700])
  })

  it('defaults to the last 30 days', async () => {
    const report = await trpcData<Reports>(await trpcQuery('admin.reports.get', {}, admin.cookie))
    expect(report.creditsSpentPerDay).toHaveLength(30)
    expect(report.creditsSpentPerDay.at(-1)!.day).toBe(today)
  })

  it('answers invalid input with 400 naming the field', async () => {
    const cases: Array<[input: Record<string, unknown>, field: string]> = [
      [{ from: '2025-02-30' }, 'from'],
      [{ from: '03/08/2025', to: '2025-03-12' }, 'from'],
      [{ from: '2025-03-08', to: 'tomorrow' }, 'to'],
      [{ from: '2025-03-08', to: 20250312 }, 'to'],
      [{ from: '2025-03-12', to: '2025-03-08' }, 'to'],
      [{ from: '2025-03-08', to: '2025-03-08' }, 'to'],
      [{ from: '2024-01-01', to: '2025-01-02' }, 'from'],
    ]
    for (const [input, field] of cases) {
      const failure = await trpcFailure(await trpcQuery('admin.reports.get', input, admin.cookie))
      expect(failure.status, JSON.stringify(input)).toBe(400)
      expect(Object.keys(failure.fields ?? {}), JSON.stringify(input)).toEqual([field])
      expect(failure.message).toContain(field)
    }
    expect(
      (await trpcQuery('admin.reports.get', { from: '2024-01-01', to: '2025-01-01' }, admin.cookie))
        .status,
    ).toBe(200)
  })

  it('is for administrators only: anonymous 401, user 403', async () => {
    expect((await trpcQuery('admin.reports.get', {})).status).toBe(401)
    expect((await trpcQuery('admin.reports.get', {}, plainUser.cookie)).status).toBe(403)
    expect((await trpcQuery('admin.reports.get', {}, admin.cookie)).status).toBe(200)
  })
})

describe('the reports page and its CSV exports', () => {
  const csv = (table: string, query: string, cookie?: string) =>
    invoke(reportCsvRoute.loader, `/admin/reports/${table}.csv${query}`, {
      cookie,
      params: { table },
    })

  it('the page loads the range from the URL, and shows field errors with the default window for a bad one', async () => {
    const ok = await invoke(reportsPage.loader, '/admin/reports?from=2025-03-08&to=2025-03-12', {
      cookie: admin.cookie,
    })
    expect(ok.status).toBe(200)
    const data = (await ok.json()) as { report: Reports; errors: unknown }
    expect(data.errors).toBeNull()
    expect(data.report.topupsPerDay).toEqual(EXPECTED_PAST_TOPUPS)

    const bad = await invoke(reportsPage.loader, '/admin/reports?from=2025-13-01&to=', {
      cookie: admin.cookie,
    })
    expect(bad.status).toBe(200)
    const badData = (await bad.json()) as { report: Reports; errors: Record<string, string[]> }
    expect(Object.keys(badData.errors)).toEqual(['from'])
    expect(badData.report.creditsSpentPerDay).toHaveLength(30)

    expect(
      (await invoke(reportsPage.loader, '/admin/reports', { cookie: plainUser.cookie })).status,
    ).toBe(403)
    expect((await invoke(reportsPage.loader, '/admin/reports')).status).toBe(302)
  })

  it('exports top-ups per day as CSV with decimal money', async () => {
    const response = await csv('topups-per-day', '?from=2025-03-08&to=2025-03-12', admin.cookie)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('Content-Disposition')).toBe(
      'attachment; filename="topups-per-day-2025-03-08-to-2025-03-11.csv"',
    )
    expect(await response.text()).toBe(
      [
        'day_utc,purpose,count,amount_usd',
        '2025-03-08,custom_credits,1,25.00',
        '2025-03-08,virtfusion_tokens,0,0.00',
        '2025-03-09,custom_credits,1,10.00',
        '2025-03-09,virtfusion_tokens,1,7.00',
        '2025-03-10,custom_credits,0,0.00',
        '2025-03-10,virtfusion_tokens,0,0.00',
        '2025-03-11,custom_credits,1,40.00',
        '2025-03-11,virtfusion_tokens,1,3.00',
        '',
      ].join('\n'),
    )
  })

  it('exports the other tables, defusing formula-like text cells only', async () => {
    const spent = await csv('credits-spent-per-day', '?from=2025-03-08&to=2025-03-12', admin.cookie)
    expect(await spent.text()).toBe(
      'day_utc,amount_usd\n2025-03-08,0.00\n2025-03-09,7.00\n2025-03-10,0.50\n2025-03-11,0.00\n',
    )

    const todayQuery = `?from=${today}&to=${todayRange.to.toISOString().slice(0, 10)}`
    const revenue = await csv('dns-revenue-per-month', todayQuery, admin.cookie)
    expect(await revenue.text()).toBe(
      `month_utc,plan,amount_usd\n${thisMonth},Basic,5.00\n${thisMonth},Pro,15.00\n${thisMonth},Enterprise,50.00\n`,
    )

    const subscriptions = await csv('subscriptions-by-plan', '', admin.cookie)
    expect(await subscriptions.text()).toBe(
      'plan,active,past_due\nBasic,0,1\nPro,1,0\nEnterprise,0,0\n',
    )

    const problems = await csv(
      'failed-and-refunded-payments',
      '?from=2025-03-08&to=2025-03-12',
      admin.cookie,
    )
    const lines = (await problems.text()).trimEnd().split('\n')
    expect(lines[0]).toBe(
      'topup_id,day_utc,user_email,purpose,status,amount_usd,refunded_usd,reason',
    )
    expect(lines).toHaveLength(6)
    expect(lines[1]).toBe(
      `${ids.refunded},2025-03-11,${payerEmail},custom_credits,refunded,40.00,40.00,refund of $40.00`,
    )
    expect(lines[4]).toBe(
      `${ids.failed},2025-03-10,${payerEmail},custom_credits,failed,9.99,0.00,"'=HYPERLINK(""http://evil.test"",""click"")"`,
    )
    expect(lines[5]).toBe(
      `${ids.review},2025-03-09,${payerEmail},virtfusion_tokens,review,20.00,0.00,`,
    )
  })

  it('is for administrators only, validates the range and knows its tables', async () => {
    expect((await csv('topups-per-day', '')).status).toBe(401)
    expect((await csv('topups-per-day', '', plainUser.cookie)).status).toBe(403)
    expect((await csv('users', '', admin.cookie)).status).toBe(404)
    const bad = await csv('topups-per-day', '?from=2025-03-08&to=2025-03-32', admin.cookie)
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { error: { fields: Record<string, string[]> } }
    expect(Object.keys(body.error.fields)).toEqual(['to'])
  })
})
