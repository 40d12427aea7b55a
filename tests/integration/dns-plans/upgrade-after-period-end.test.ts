import { afterEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { isAppError } from '#server/errors.ts'
import { changePlan, previewChange } from '#server/services/dns-plans/change-plan.ts'
import { issueQuote } from '#server/services/services/quote.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import {
  at,
  balanceOf,
  chargesOf,
  endAllLiveSubscriptions,
  expectLedgerConsistent,
  onlySubscription,
  planIds,
  plusDays,
  spendsOf,
  subscriber,
  trpcError,
} from '#tests/helpers/dns.ts'
import { trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'

/**
 * The window between a period's end and the renewal run: the time running is not paid for
 * yet, so a plan change must wait for the renewal, and no upgrade to a more expensive plan
 * is ever priced or charged at $0.
 */

afterEach(async () => {
  await expectLedgerConsistent()
  await endAllLiveSubscriptions()
})

// Basic ($5.00) bought on April 1st: a 30-day period to May 1st.
const BOUGHT = '2027-04-01T00:00:00Z'
const AFTER_END = '2027-05-01T00:30:00Z'

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

describe('a plan change after the period ended, before the renewal ran', () => {
  it('is refused with 409 (preview and change), charges nothing; after the renewal the upgrade costs the prorated difference on the new period', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const now = at(AFTER_END)

    const previewRefused = await refusal(
      previewChange(db, { userId: user.id, planId: ids.pro, now }),
    )
    expect(previewRefused.code).toBe('CONFLICT')
    expect(previewRefused.message).toMatch(/ended on 2027-05-01 and is being renewed/)
    const changeRefused = await refusal(changePlan(db, { userId: user.id, planId: ids.pro, now }))
    expect(changeRefused.code).toBe('CONFLICT')
    expect(await onlySubscription(user.id)).toMatchObject({
      planId: ids.basic,
      pricePaidCents: 500,
    })
    expect((await spendsOf(user.id)).map((e) => e.type)).toEqual(['service_purchase'])
    expect(await balanceOf(user.id)).toBe(5000)

    expect(await runRenewals(db, { now })).toMatchObject({ renewed: 1 })
    const preview = await previewChange(db, { userId: user.id, planId: ids.pro, now })
    // Basic renewed May 1 → June 1 (31 days); 30 minutes in, the $10.00 difference for the rest.
    const periodSeconds = 31 * 86400
    const left = periodSeconds - 30 * 60
    const expected = Number(
      (2n * 1000n * BigInt(left) + BigInt(periodSeconds)) / (2n * BigInt(periodSeconds)),
    )
    expect(preview.amount.cents).toBe(expected)
    const result = await changePlan(db, {
      userId: user.id,
      planId: ids.pro,
      quote: preview.quote!,
      now,
    })
    expect(result.charged.cents).toBe(expected)
    expect((await spendsOf(user.id)).map((e) => [e.type, e.amountCents])).toEqual([
      ['service_purchase', -500],
      ['service_renewal', -500],
      ['service_upgrade', -expected],
    ])
    expect(await balanceOf(user.id)).toBe(5000 - 500 - expected)
  })

  it('a downgrade is refused too: it would rewrite the period that already began', async () => {
    const ids = await planIds()
    const { user } = await subscriber('pro', at(BOUGHT), 0)
    const refused = await refusal(
      changePlan(db, { userId: user.id, planId: ids.basic, now: at(AFTER_END) }),
    )
    expect(refused.code).toBe('CONFLICT')
    expect((await onlySubscription(user.id)).scheduledPlanId).toBeNull()
  })

  it('over tRPC (real clock): 409 naming the renewal, nothing charged', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', plusDays(new Date(), -40), 5000)
    const preview = await trpcError(
      await trpcQuery('dnsPlans.previewChange', { planId: ids.enterprise }, user.cookie),
    )
    expect(preview).toMatchObject({ status: 409, appCode: 'CONFLICT' })
    const change = await trpcError(
      await trpcMutation('dnsPlans.change', { planId: ids.enterprise }, { cookie: user.cookie }),
    )
    expect(change).toMatchObject({ status: 409, appCode: 'CONFLICT' })
    expect(change.message).toMatch(/is being renewed/)
    expect(await chargesOf(user.id)).toHaveLength(1)
    expect(await balanceOf(user.id)).toBe(5000)
  })
})

describe('no upgrade to a more expensive plan for $0', () => {
  it('in the last minutes of a period the proration rounds to a cent, not to nothing', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 100)
    const now = at('2027-04-30T23:50:00Z')
    const preview = await previewChange(db, { userId: user.id, planId: ids.pro, now })
    expect(preview.amount.cents).toBe(1)
    const result = await changePlan(db, { userId: user.id, planId: ids.pro, now })
    expect(result.charged.cents).toBe(1)
    expect(await balanceOf(user.id)).toBe(99)
  })

  it('a signed quote of $0 for a more expensive plan is refused and nothing changes', async () => {
    const ids = await planIds()
    const { user } = await subscriber('basic', at(BOUGHT), 5000)
    const sub = await onlySubscription(user.id)
    const now = at('2027-04-16T00:00:00Z')
    const zero = issueQuote(
      {
        serviceId: sub.id,
        fromProductId: ids.basic,
        pricePaidCents: 500,
        productId: ids.pro,
        cycle: 'monthly',
        periodStart: sub.currentPeriodStart.getTime(),
        amountCents: 0,
      },
      now,
    )
    const refused = await refusal(
      changePlan(db, { userId: user.id, planId: ids.pro, quote: zero.token, now }),
    )
    expect(refused.code).toBe('CONFLICT')
    expect(await onlySubscription(user.id)).toMatchObject({
      planId: ids.basic,
      pricePaidCents: 500,
    })
    expect(await balanceOf(user.id)).toBe(5000)
  })
})
