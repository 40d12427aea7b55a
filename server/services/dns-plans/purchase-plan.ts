import type { Db } from '#db/client.ts'
import { AppError, isAppError } from '#server/errors.ts'
import { orderService } from '../services/order-service.ts'
import { getPlan, subscriptionOf } from './queries.ts'
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
 * Buys a DNS plan from custom credits: a monthly `dns` service ordered through the services
 * engine (one transaction; at most one live DNS plan per user, enforced by the database).
 */
export async function purchasePlan(
  db: Db,
  input: { userId: number; planId: number; idempotencyKey?: string | undefined; now?: Date },
): Promise<SubscriptionView> {
  await getPlan(db, input.planId, { activeOnly: true })
  try {
    const service = await orderService(db, {
      userId: input.userId,
      productId: input.planId,
      cycle: 'monthly',
      family: 'dns',
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey } : {}),
      ...(input.now ? { now: input.now } : {}),
    })
    return subscriptionOf(service)
  } catch (error) {
    if (isAppError(error) && error.details?.maxLivePerUser !== undefined) throw alreadySubscribed()
    throw error
  }
}
