import type { Db } from '#db/client.ts'
import { AppError } from '#server/errors.ts'
import type { Money } from '#server/lib/money.ts'
import { cancelService, resumeService } from '../services/cancel-service.ts'
import { changeService, previewServiceChange } from '../services/change-service.ts'
import { findDnsService, getMySubscription, subscriptionOf } from './queries.ts'
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

const NO_PLAN_TO_CHANGE = 'You have no DNS plan to change. Buy one with dnsPlans.purchase.'

async function liveDnsServiceId(db: Db, userId: number, missing: string): Promise<number> {
  const found = await findDnsService(db, userId, { liveOnly: true })
  if (!found) throw new AppError('NOT_FOUND', missing)
  return found.id
}

/** DNS plans are sold monthly only: every change is an upgrade, a downgrade or none. */
const dnsKind = (kind: string): ChangePreview['kind'] =>
  kind === 'upgrade' ? 'upgrade' : kind === 'same' ? 'same' : 'downgrade'

/** What a change would do and cost, without doing it. */
export async function previewChange(
  db: Db,
  input: { userId: number; planId: number; now?: Date },
): Promise<ChangePreview> {
  const serviceId = await liveDnsServiceId(db, input.userId, NO_PLAN_TO_CHANGE)
  const {
    fromProduct,
    toProduct,
    cycle: _cycle,
    kind,
    ...rest
  } = await previewServiceChange(db, {
    userId: input.userId,
    serviceId,
    productId: input.planId,
    cycle: 'monthly',
    missing: NO_PLAN_TO_CHANGE,
    ...(input.now ? { now: input.now } : {}),
  })
  return { kind: dnsKind(kind), fromPlan: fromProduct, toPlan: toProduct, ...rest }
}

/**
 * Upgrade: takes effect now and charges the prorated difference (the quoted amount, if a
 * valid quote from previewChange is given). Downgrade: scheduled for the period end, free.
 * Choosing the current plan again clears a scheduled downgrade.
 */
export async function changePlan(
  db: Db,
  input: { userId: number; planId: number; quote?: string | undefined; now?: Date },
): Promise<{ subscription: SubscriptionView; charged: Money; kind: ChangePreview['kind'] }> {
  const serviceId = await liveDnsServiceId(db, input.userId, NO_PLAN_TO_CHANGE)
  const result = await changeService(db, {
    userId: input.userId,
    serviceId,
    productId: input.planId,
    cycle: 'monthly',
    quote: input.quote,
    missing: NO_PLAN_TO_CHANGE,
    ...(input.now ? { now: input.now } : {}),
  })
  return {
    subscription: subscriptionOf(result.service),
    charged: result.charged,
    kind: dnsKind(result.kind),
  }
}

/** Auto-renew off: the plan runs to the period end, then ends. */
export async function cancelPlan(db: Db, userId: number): Promise<SubscriptionView> {
  const missing = 'You have no active DNS plan.'
  await cancelService(db, {
    userId,
    serviceId: await liveDnsServiceId(db, userId, missing),
    missing,
  })
  return (await getMySubscription(db, userId))!
}

/** Undo a cancel before the period ends. */
export async function resumePlan(db: Db, userId: number): Promise<SubscriptionView> {
  const missing = 'You have no active DNS plan.'
  await resumeService(db, {
    userId,
    serviceId: await liveDnsServiceId(db, userId, missing),
    missing,
    payNow: false,
  })
  return (await getMySubscription(db, userId))!
}
