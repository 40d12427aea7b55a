import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as metricsRoute from '#app/routes/metrics.ts'
import { db } from '#db/client.ts'
import { systemChecks, topups } from '#db/schema/index.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * The gauges operators alert on (issue #11), read from the database at scrape time so every
 * process reports the same: top-ups in review, top-ups a dead process left mid-way, and the
 * last ledger check. This file's database starts empty of top-ups and checks.
 */

async function scrape(): Promise<string> {
  const admin = await createTestUser({ role: 'admin' })
  const response = await invoke(metricsRoute.loader, '/metrics', { cookie: admin.cookie })
  expect(response.status).toBe(200)
  return response.text()
}

function gauge(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

async function topup(
  userId: number,
  values: { status: 'created' | 'capturing' | 'review'; minutesAgo: number; orderId?: string },
) {
  const ago = sql`now() - make_interval(mins => ${values.minutesAgo})`
  await db.insert(topups).values({
    userId,
    purpose: 'virtfusion_tokens',
    amountCents: 500,
    tokens: 500,
    status: values.status,
    paypalOrderId: values.orderId ?? null,
    createdAt: ago,
    updatedAt: ago,
    claimedAt: values.status === 'capturing' ? ago : null,
  })
}

describe('/metrics operational gauges', () => {
  it('count top-ups in review and stuck ones, and clear when reconciliation reclaims them', async () => {
    const empty = await scrape()
    expect(gauge(empty, 'skypanel_topups_in_review')).toBe(0)
    expect(gauge(empty, 'skypanel_topups_stuck{state="created_without_order"}')).toBe(0)
    expect(gauge(empty, 'skypanel_topups_stuck{state="capturing_beyond_timeout"}')).toBe(0)

    const user = await createTestUser()
    await topup(user.id, { status: 'review', minutesAgo: 30, orderId: 'ORDER-REVIEW-1' })
    await topup(user.id, { status: 'review', minutesAgo: 1, orderId: 'ORDER-REVIEW-2' })
    await topup(user.id, { status: 'created', minutesAgo: 20 }) // stuck: no order id
    await topup(user.id, { status: 'created', minutesAgo: 2 }) // a create in flight
    await topup(user.id, { status: 'capturing', minutesAgo: 5, orderId: 'ORDER-GONE' }) // stuck
    await topup(user.id, { status: 'capturing', minutesAgo: 1, orderId: 'ORDER-LIVE' }) // in flight

    const text = await scrape()
    expect(gauge(text, 'skypanel_topups_in_review')).toBe(2)
    expect(gauge(text, 'skypanel_topups_stuck{state="created_without_order"}')).toBe(1)
    expect(gauge(text, 'skypanel_topups_stuck{state="capturing_beyond_timeout"}')).toBe(1)

    // Reconciliation fails the order-less one; the stuck claim names an order PayPal does not
    // know, so it is given back (and counted as an error), no longer stuck.
    const report = await reconcileTopups(db, getProviders())
    expect(report).toMatchObject({ orderless: 1 })
    const after = await scrape()
    expect(gauge(after, 'skypanel_topups_stuck{state="created_without_order"}')).toBe(0)
    expect(gauge(after, 'skypanel_topups_stuck{state="capturing_beyond_timeout"}')).toBe(0)
    expect(gauge(after, 'skypanel_topups_in_review')).toBe(2)
  })

  it('report the last ledger check: 0 and no time before any, then its outcome and time', async () => {
    const none = await scrape()
    expect(gauge(none, 'skypanel_ledger_check_ok')).toBe(0)
    expect(gauge(none, 'skypanel_ledger_check_timestamp_seconds')).toBe(0)

    const [ok] = await db
      .insert(systemChecks)
      .values({ kind: 'ledger', outcome: 'ok', summary: 'clean' })
      .returning()
    const passed = await scrape()
    expect(gauge(passed, 'skypanel_ledger_check_ok')).toBe(1)
    expect(gauge(passed, 'skypanel_ledger_check_timestamp_seconds')).toBe(
      ok!.createdAt.getTime() / 1000,
    )

    await db.insert(systemChecks).values({ kind: 'virtfusion', outcome: 'findings', summary: 'x' })
    expect(gauge(await scrape(), 'skypanel_ledger_check_ok')).toBe(1)
    await db.insert(systemChecks).values({ kind: 'ledger', outcome: 'findings', summary: 'drift' })
    expect(gauge(await scrape(), 'skypanel_ledger_check_ok')).toBe(0)
  })
})
