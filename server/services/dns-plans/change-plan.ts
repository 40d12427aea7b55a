import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import {
  dnsPlanCharges,
  dnsPlanSubscriptions,
  type DnsPlan,
  type DnsPlanSubscription,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents, money, type Money } from '#server/lib/money.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { prorateUpgrade } from './periods.ts'
import { findSubscription, getMySubscription, getPlan, LIVE_STATUSES } from './queries.ts'
import { issueQuote, readQuote, type QuoteContext } from './quote.ts'
import type { SubscriptionView } from './views.ts'

export type ChangePreview = {
  kind: 'upgrade' | 'downgrade' | 'same'
  fromPlan: { id: number; name: string }
  toPlan: { id: number; name: string; price: Money }
  /** Charged now (upgrades only). */
  amount: Money
  effectiveAt: Date
  secondsLeft: number
  periodSeconds: number
  quote: string | null
  quoteExpiresAt: Date | null
  message: string
}

async function liveSubscription(db: Db, userId: number) {
  const found = await findSubscription(db, userId, { liveOnly: true })
  if (!found)
    throw new AppError(
      'NOT_FOUND',
      'You have no DNS plan to change. Buy one with dnsPlans.purchase.',
    )
  if (found.subscription.status === 'past_due') {
    throw new AppError(
      'CONFLICT',
      'Your plan renewal is overdue: add credits so it renews before changing plans.',
    )
  }
  return found
}

/** A retired plan can't be switched to, but staying on it (undoing a scheduled downgrade) is fine. */
function changeTarget(plan: DnsPlan, subscription: DnsPlanSubscription): DnsPlan {
  if (!plan.isActive && plan.id !== subscription.planId)
    throw new AppError('NOT_FOUND', 'No such DNS plan.')
  return plan
}

function quoteContext(subscription: DnsPlanSubscription, target: DnsPlan): QuoteContext {
  return {
    subscriptionId: subscription.id,
    fromPlanId: subscription.planId,
    pricePaidCents: subscription.pricePaidCents,
    planId: target.id,
    periodStart: subscription.currentPeriodStart.getTime(),
  }
}

/**
 * Between a period's end and its renewal, the time running is not paid for yet: an upgrade
 * would be prorated over nothing ($0) and a downgrade would rewrite a period that already
 * began. The renewal goes first (asked to run now); then the change is priced on the new
 * period.
 */
function assertPeriodRunning(subscription: DnsPlanSubscription, now: Date): void {
  if (now.getTime() < subscription.currentPeriodEnd.getTime()) return
  void requestJob('renew-dns-subscriptions').catch((e: unknown) =>
    logError('could not queue the DNS renewals (the hourly run will pick it up)', e),
  )
  const ended = subscription.currentPeriodEnd.toISOString()
  throw new AppError(
    'CONFLICT',
    `Your plan's billing period ended on ${ended.slice(0, 10)} and is being renewed. Try the change again in a minute, after the renewal.`,
    { details: { periodEnd: ended, retryAfterRenewal: true } },
  )
}

function classify(current: DnsPlan, target: DnsPlan): ChangePreview['kind'] {
  if (current.id === target.id) return 'same'
  return target.priceCents > current.priceCents ? 'upgrade' : 'downgrade'
}

function previewFor(
  subscription: DnsPlanSubscription,
  current: DnsPlan,
  target: DnsPlan,
  now: Date,
): ChangePreview {
  assertPeriodRunning(subscription, now)
  const kind = classify(current, target)
  const base = {
    kind,
    fromPlan: { id: current.id, name: current.name },
    toPlan: { id: target.id, name: target.name, price: money(target.priceCents) },
  }
  if (kind !== 'upgrade') {
    return {
      ...base,
      amount: money(0),
      effectiveAt: subscription.currentPeriodEnd,
      secondsLeft: 0,
      periodSeconds: 0,
      quote: null,
      quoteExpiresAt: null,
      message:
        kind === 'same'
          ? `You are already on ${target.name}.`
          : `${target.name} starts when the current period ends on ${subscription.currentPeriodEnd.toISOString().slice(0, 10)}; nothing is charged now.`,
    }
  }
  const proration = prorateUpgrade({
    pricePaidCents: subscription.pricePaidCents,
    newPriceCents: target.priceCents,
    periodStart: subscription.currentPeriodStart,
    periodEnd: subscription.currentPeriodEnd,
    now,
  })
  const quote = issueQuote(
    { ...quoteContext(subscription, target), amountCents: proration.amountCents },
    now,
  )
  return {
    ...base,
    amount: money(proration.amountCents),
    effectiveAt: now,
    secondsLeft: proration.secondsLeft,
    periodSeconds: proration.periodSeconds,
    quote: quote.token,
    quoteExpiresAt: quote.expiresAt,
    message: `${target.name} starts now. You pay ${formatCents(proration.amountCents)}: the price difference for the rest of this period.`,
  }
}

/** What a change would do and cost, without doing it. */
export async function previewChange(
  db: Db,
  input: { userId: number; planId: number; now?: Date },
): Promise<ChangePreview> {
  const { subscription, plan } = await liveSubscription(db, input.userId)
  const target = changeTarget(await getPlan(db, input.planId), subscription)
  return previewFor(subscription, plan, target, input.now ?? new Date())
}

/**
 * Upgrade: takes effect now and charges the prorated difference (the quoted amount, if a
 * valid quote from previewChange is given). Downgrade: scheduled for the period end, free.
 * Choosing the current plan again clears a scheduled downgrade.
 */
export async function changePlan(
  db: Db,
  input: { userId: number; planId: number; quote?: string; now?: Date },
): Promise<{ subscription: SubscriptionView; charged: Money; kind: ChangePreview['kind'] }> {
  const now = input.now ?? new Date()
  const requested = await getPlan(db, input.planId)
  const kind = await db
    .transaction(async (tx) => {
      const [subscription] = await tx
        .select()
        .from(dnsPlanSubscriptions)
        .where(
          and(
            eq(dnsPlanSubscriptions.userId, input.userId),
            inArray(dnsPlanSubscriptions.status, [...LIVE_STATUSES]),
          ),
        )
        .for('update')
      if (!subscription)
        throw new AppError(
          'NOT_FOUND',
          'You have no DNS plan to change. Buy one with dnsPlans.purchase.',
        )
      if (subscription.status === 'past_due') {
        throw new AppError(
          'CONFLICT',
          'Your plan renewal is overdue: add credits so it renews before changing plans.',
        )
      }
      const current = await getPlan(tx, subscription.planId)
      const target = changeTarget(requested, subscription)
      const preview = previewFor(subscription, current, target, now)
      if (preview.kind === 'same') {
        await tx
          .update(dnsPlanSubscriptions)
          .set({ scheduledPlanId: null, updatedAt: sql`now()` })
          .where(eq(dnsPlanSubscriptions.id, subscription.id))
        return { kind: preview.kind, charged: 0 }
      }
      if (preview.kind === 'downgrade') {
        await tx
          .update(dnsPlanSubscriptions)
          .set({ scheduledPlanId: target.id, updatedAt: sql`now()` })
          .where(eq(dnsPlanSubscriptions.id, subscription.id))
        await notify(tx, {
          userId: input.userId,
          kind: 'dns_plan_downgrade_scheduled',
          title: `Switching to ${target.name}`,
          body: preview.message,
          link: '/dns-plans',
        })
        return { kind: preview.kind, charged: 0 }
      }
      const quoted = readQuote(input.quote, quoteContext(subscription, target), now)
      const amountCents = quoted ? quoted.amountCents : preview.amount.cents
      if (amountCents <= 0 && target.priceCents > subscription.pricePaidCents) {
        // Never a more expensive plan for nothing, whatever computed or signed the amount.
        throw new AppError('CONFLICT', 'This upgrade could not be priced: preview it again.')
      }
      if (amountCents > 0) {
        const entry = await spendCredits(tx, {
          userId: input.userId,
          type: 'dns_plan_upgrade',
          amountCents,
          description: `DNS plan upgrade ${current.name} → ${target.name} for the rest of the period`,
          metadata: {
            fromPlanId: current.id,
            toPlanId: target.id,
            subscriptionId: subscription.id,
            quoted: Boolean(quoted),
          },
        })
        await tx.insert(dnsPlanCharges).values({
          subscriptionId: subscription.id,
          planId: target.id,
          kind: 'upgrade',
          periodStart: subscription.currentPeriodStart,
          periodEnd: subscription.currentPeriodEnd,
          amountCents,
          creditEntryId: entry.id,
        })
      }
      await tx
        .update(dnsPlanSubscriptions)
        .set({
          planId: target.id,
          pricePaidCents: target.priceCents,
          scheduledPlanId: null,
          updatedAt: sql`now()`,
        })
        .where(eq(dnsPlanSubscriptions.id, subscription.id))
      await notify(tx, {
        userId: input.userId,
        kind: 'dns_plan_upgraded',
        title: `Upgraded to ${target.name}`,
        body: `Charged ${formatCents(amountCents)} from custom credits for the rest of this period.`,
        link: '/dns-plans',
      })
      return { kind: preview.kind, charged: amountCents }
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'dns_plan_charges_upgrade_once')) {
        throw new AppError('CONFLICT', 'This upgrade was already made for the current period.')
      }
      throw error
    })
  return {
    subscription: (await getMySubscription(db, input.userId))!,
    charged: money(kind.charged),
    kind: kind.kind,
  }
}

/** Auto-renew off: the plan runs to the period end, then ends. */
export async function cancelPlan(db: Db, userId: number): Promise<SubscriptionView> {
  const { subscription } = await liveSubscriptionAnyState(db, userId)
  await db
    .update(dnsPlanSubscriptions)
    .set({ autoRenew: false, cancelAtPeriodEnd: true, updatedAt: sql`now()` })
    .where(eq(dnsPlanSubscriptions.id, subscription.id))
  return (await getMySubscription(db, userId))!
}

/** Undo a cancel before the period ends. */
export async function resumePlan(db: Db, userId: number): Promise<SubscriptionView> {
  const { subscription } = await liveSubscriptionAnyState(db, userId)
  await db
    .update(dnsPlanSubscriptions)
    .set({ autoRenew: true, cancelAtPeriodEnd: false, updatedAt: sql`now()` })
    .where(eq(dnsPlanSubscriptions.id, subscription.id))
  return (await getMySubscription(db, userId))!
}

async function liveSubscriptionAnyState(db: Db, userId: number) {
  const found = await findSubscription(db, userId, { liveOnly: true })
  if (!found) throw new AppError('NOT_FOUND', 'You have no active DNS plan.')
  return found
}
