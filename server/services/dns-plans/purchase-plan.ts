import type { Db } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { dnsPlanCharges, dnsPlanSubscriptions, type CreditTransaction } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { findEntryByIdempotencyKey } from '#server/services/credits/post-credit-entry.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { firstPeriod } from './periods.ts'
import { findSubscription, getMySubscription, getPlan } from './queries.ts'
import type { SubscriptionView } from './views.ts'

function alreadySubscribed(): AppError {
  return new AppError(
    'CONFLICT',
    'You already have a DNS plan. Use dnsPlans.change to switch plans.',
    {
      details: { use: 'dnsPlans.change' },
    },
  )
}

/**
 * Buys a plan from custom credits. One transaction: the charge (which locks the balance
 * and checks funds), the subscription for one billing month and the charge record commit
 * together or not at all. The partial unique index allows one live subscription per user.
 */
export async function purchasePlan(
  db: Db,
  input: { userId: number; planId: number; idempotencyKey?: string; now?: Date },
): Promise<SubscriptionView> {
  const now = input.now ?? new Date()
  // A repeat of this very purchase (sequential or concurrent) answers with its result.
  const replayIfRepeat = async (): Promise<SubscriptionView | null> => {
    if (!input.idempotencyKey) return null
    const earlier = await findEntryByIdempotencyKey(db, input.userId, input.idempotencyKey)
    return earlier ? replay(db, input.userId, earlier, input.planId) : null
  }
  const repeated = await replayIfRepeat()
  if (repeated) return repeated
  const plan = await getPlan(db, input.planId, { activeOnly: true })
  if (await findSubscription(db, input.userId, { liveOnly: true })) {
    // The live plan may be the one a concurrent repeat of this request just bought.
    const concurrentRepeat = await replayIfRepeat()
    if (concurrentRepeat) return concurrentRepeat
    throw alreadySubscribed()
  }

  const period = firstPeriod(now)
  try {
    await db.transaction(async (tx) => {
      const entry = await spendCredits(tx, {
        userId: input.userId,
        type: 'dns_plan_purchase',
        amountCents: plan.priceCents,
        description: `DNS plan ${plan.name}: ${period.start.toISOString().slice(0, 10)} to ${period.end.toISOString().slice(0, 10)}`,
        idempotencyKey: input.idempotencyKey ?? null,
        metadata: { planId: plan.id },
      })
      const [subscription] = await tx
        .insert(dnsPlanSubscriptions)
        .values({
          userId: input.userId,
          planId: plan.id,
          currentPeriodStart: period.start,
          currentPeriodEnd: period.end,
          anchorDay: period.anchorDay,
          pricePaidCents: plan.priceCents,
          lastPaymentAt: now,
          nextPaymentAt: period.end,
        })
        .returning()
      await tx.insert(dnsPlanCharges).values({
        subscriptionId: subscription!.id,
        planId: plan.id,
        kind: 'purchase',
        periodStart: period.start,
        periodEnd: period.end,
        amountCents: plan.priceCents,
        creditEntryId: entry.id,
      })
      await notify(tx, {
        userId: input.userId,
        kind: 'dns_plan_purchased',
        title: `${plan.name} DNS plan active`,
        body: `Paid ${formatCents(plan.priceCents)} from custom credits; renews on ${period.end.toISOString().slice(0, 10)}.`,
        link: '/dns-plans',
      })
    })
  } catch (error) {
    if (
      isUniqueViolation(error, 'dns_plan_subscriptions_one_live') ||
      isUniqueViolation(error, 'credit_transactions_idempotency_key')
    ) {
      const concurrentRepeat = await replayIfRepeat()
      if (concurrentRepeat) return concurrentRepeat
      if (isUniqueViolation(error, 'dns_plan_subscriptions_one_live')) throw alreadySubscribed()
    }
    throw error
  }
  return (await getMySubscription(db, input.userId))!
}

/** A repeat of the same purchase returns the subscription; the key used for anything else is a conflict. */
async function replay(
  db: Db,
  userId: number,
  earlier: CreditTransaction,
  planId: number,
): Promise<SubscriptionView> {
  if (earlier.type !== 'dns_plan_purchase' || earlier.metadata.planId !== planId)
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different request.')
  const subscription = await getMySubscription(db, userId)
  if (!subscription) throw new AppError('CONFLICT', 'This idempotency key was already used.')
  return subscription
}
