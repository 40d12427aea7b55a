import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { services, userCredits } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { LIVE_STATUSES } from './lifecycle.ts'
import { getService } from './queries.ts'
import { renewServiceNow } from './run-renewals.ts'
import type { ServiceView } from './views.ts'

async function setRenewal(
  db: Db,
  input: { userId: number; serviceId: number; missing?: string },
  renew: boolean,
): Promise<void> {
  const updated = await db
    .update(services)
    .set({ autoRenew: renew, cancelAtPeriodEnd: !renew, updatedAt: sql`now()` })
    .where(
      and(
        eq(services.id, input.serviceId),
        eq(services.userId, input.userId),
        inArray(services.status, [...LIVE_STATUSES]),
      ),
    )
    .returning({ id: services.id })
  if (updated.length === 0) throw new AppError('NOT_FOUND', input.missing ?? 'No such service.')
}

/** Auto-renew off: the service runs to the period end, then the renewal pass ends it. */
export async function cancelService(
  db: Db,
  input: { userId: number; serviceId: number; missing?: string },
): Promise<ServiceView> {
  await setRenewal(db, input, false)
  return getService(db, input.serviceId)
}

/**
 * Undoes a cancel before the period ends; with `payNow` (the default), a past-due or
 * suspended service is renewed at once from the credits (and resumed), or the answer is 402
 * with what is missing. A service an administrator suspended before its period ended owes
 * nothing: 409, only an administrator lifts that.
 */
export async function resumeService(
  db: Db,
  input: { userId: number; serviceId: number; missing?: string; payNow?: boolean; now?: Date },
): Promise<ServiceView> {
  await setRenewal(db, input, true)
  const service = await getService(db, input.serviceId)
  if (input.payNow === false) return service
  if (service.status !== 'past_due' && service.status !== 'suspended') return service
  const outcome = await renewServiceNow(db, {
    serviceId: input.serviceId,
    userId: input.userId,
    ...(input.now ? { now: input.now } : {}),
  })
  if (outcome === 'renewed') return getService(db, input.serviceId)
  const after = await getService(db, input.serviceId)
  if (after.status !== 'past_due' && after.status !== 'suspended') return after
  // Nothing is due, so no payment can lift it: an administrator suspended it mid-period.
  if (after.currentPeriodEnd > (input.now ?? new Date()))
    throw new AppError(
      'CONFLICT',
      'An administrator suspended this service; paying cannot resume it. Contact support to have it unsuspended.',
    )
  const [wallet] = await db
    .select({ cents: userCredits.balanceCents })
    .from(userCredits)
    .where(eq(userCredits.userId, input.userId))
  const due = (after.scheduledProduct ? null : (after.nextRecurringPrice ?? after.recurringPrice))
    ?.cents
  const shortfall = Math.max(1, (due ?? after.recurringPrice.cents) - (wallet?.cents ?? 0))
  throw new AppError(
    'INSUFFICIENT_CREDITS',
    `Not enough credits to pay the renewal: ${formatCents(shortfall)} more needed.`,
    { details: { shortfallCents: shortfall, balanceCents: wallet?.cents ?? 0 } },
  )
}

/** The auto-renew toggle: off is a cancel at the period end, on undoes it. */
export async function setAutoRenew(
  db: Db,
  input: { userId: number; serviceId: number; autoRenew: boolean },
): Promise<ServiceView> {
  await setRenewal(db, input, input.autoRenew)
  return getService(db, input.serviceId)
}
