import { and, count, eq, inArray } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import {
  serviceCharges,
  services,
  type BillingCycle,
  type CreditTransaction,
  type ProductFamily,
} from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { FAMILIES } from '#server/services/catalog/families.ts'
import { findEntryByIdempotencyKey } from '#server/services/credits/post-credit-entry.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { notify } from '#server/services/notifications/notify.ts'
import {
  provisionerFor,
  recordServiceEvent,
} from '#server/services/provisioning/record-service-event.ts'
import { day, LIVE_STATUSES, noticeStyle } from './lifecycle.ts'
import { firstPeriod } from './periods.ts'
import { getProduct, getService, priceOf } from './queries.ts'
import type { ServiceView } from './views.ts'

/** The family's "at most N live per user" rule was hit (details say which). */
export function tooManyLive(family: ProductFamily, max: number): AppError {
  return new AppError(
    'CONFLICT',
    `You already have ${max === 1 ? 'a' : max} live ${FAMILIES[family].label.toLowerCase()}: change or cancel ${max === 1 ? 'it' : 'one'} instead.`,
    { details: { family, maxLivePerUser: max } },
  )
}

async function liveCount(db: DbOrTx, userId: number, family: ProductFamily): Promise<number> {
  const [live] = await db
    .select({ n: count() })
    .from(services)
    .where(
      and(
        eq(services.userId, userId),
        eq(services.family, family),
        inArray(services.status, [...LIVE_STATUSES]),
      ),
    )
  return live!.n
}

/**
 * Orders a product for a billing cycle, paid from custom credits. One transaction: the first
 * period's price (locked as the recurring price), the setup fee if the product has one, the
 * service, a charge row per ledger entry, the outbox event and the notification commit
 * together or not at all. A family provisioned by hand starts 'pending' (paid, being set up);
 * others start 'active'.
 */
export async function orderService(
  db: Db,
  input: {
    userId: number
    productId: number
    cycle: BillingCycle
    idempotencyKey?: string | undefined
    now?: Date
    /** Only products of this family (the DNS routes sell DNS plans only). */
    family?: ProductFamily
  },
): Promise<ServiceView> {
  const now = input.now ?? new Date()
  // A repeat of this very order (sequential or concurrent) answers with its result.
  const replayIfRepeat = async (): Promise<ServiceView | null> => {
    if (!input.idempotencyKey) return null
    const earlier = await findEntryByIdempotencyKey(db, input.userId, input.idempotencyKey)
    return earlier ? replay(db, input, earlier) : null
  }
  const repeated = await replayIfRepeat()
  if (repeated) return repeated
  const product = await getProduct(db, input.productId, {
    orderableOnly: true,
    ...(input.family ? { family: input.family } : {}),
  })
  const priceCents = priceOf(product, input.cycle)
  const { maxLivePerUser } = FAMILIES[product.family]
  const style = noticeStyle(product.family)
  const pending = provisionerFor(product.family) === 'manual'
  const period = firstPeriod(now, input.cycle)
  // Checked first for a clear answer (a user at the limit hears so, whatever the balance);
  // checked again under the balance lock below, and for DNS by the database.
  if (
    maxLivePerUser !== null &&
    (await liveCount(db, input.userId, product.family)) >= maxLivePerUser
  ) {
    const concurrentRepeat = await replayIfRepeat()
    if (concurrentRepeat) return concurrentRepeat
    throw tooManyLive(product.family, maxLivePerUser)
  }

  try {
    const serviceId = await db.transaction(async (tx) => {
      // Locks the balance first: a user's concurrent orders are counted one after the other.
      const entry = await spendCredits(tx, {
        userId: input.userId,
        type: 'service_purchase',
        amountCents: priceCents,
        description: `${style.label} purchase: ${product.name}${input.cycle === 'monthly' ? '' : ` (${input.cycle})`}, ${day(period.start)} to ${day(period.end)}`,
        idempotencyKey: input.idempotencyKey ?? null,
        metadata: { productId: product.id, cycle: input.cycle },
      })
      if (
        maxLivePerUser !== null &&
        (await liveCount(tx, input.userId, product.family)) >= maxLivePerUser
      )
        throw tooManyLive(product.family, maxLivePerUser)
      const [service] = await tx
        .insert(services)
        .values({
          userId: input.userId,
          productId: product.id,
          family: product.family,
          cycle: input.cycle,
          status: pending ? 'pending' : 'active',
          currentPeriodStart: period.start,
          currentPeriodEnd: period.end,
          anchorDay: period.anchorDay,
          pricePaidCents: priceCents,
          recurringPriceCents: priceCents,
          lastPaymentAt: now,
          nextPaymentAt: period.end,
        })
        .returning({ id: services.id })
      const charge = {
        serviceId: service!.id,
        productId: product.id,
        cycle: input.cycle,
        periodStart: period.start,
        periodEnd: period.end,
      }
      await tx
        .insert(serviceCharges)
        .values({ ...charge, kind: 'purchase', amountCents: priceCents, creditEntryId: entry.id })
      if (product.setupFeeCents > 0) {
        const fee = await spendCredits(tx, {
          userId: input.userId,
          type: 'service_setup_fee',
          amountCents: product.setupFeeCents,
          description: `${style.label} setup fee: ${product.name}, charged once`,
          metadata: { productId: product.id, serviceId: service!.id },
        })
        await tx.insert(serviceCharges).values({
          ...charge,
          kind: 'setup_fee',
          amountCents: product.setupFeeCents,
          creditEntryId: fee.id,
        })
      }
      if (!pending) await recordServiceEvent(tx, { serviceId: service!.id, type: 'activated' })
      const paid = formatCents(priceCents + product.setupFeeCents)
      await notify(tx, {
        userId: input.userId,
        kind: style.kind('purchased'),
        title: pending
          ? `${product.name} ordered: being set up`
          : `${product.name} ${style.label} active`,
        body: pending
          ? `Paid ${paid} from custom credits. We are setting it up and will let you know when it is ready; it renews on ${day(period.end)}.`
          : `Paid ${paid} from custom credits; renews on ${day(period.end)}.`,
        link: style.link,
      })
      return service!.id
    })
    return await getService(db, serviceId)
  } catch (error) {
    if (
      isUniqueViolation(error, 'services_one_live_dns') ||
      isUniqueViolation(error, 'credit_transactions_idempotency_key')
    ) {
      const concurrentRepeat = await replayIfRepeat()
      if (concurrentRepeat) return concurrentRepeat
      if (isUniqueViolation(error, 'services_one_live_dns')) throw tooManyLive('dns', 1)
    }
    if (error instanceof AppError && error.details?.maxLivePerUser !== undefined) {
      const concurrentRepeat = await replayIfRepeat()
      if (concurrentRepeat) return concurrentRepeat
    }
    throw error
  }
}

/** A repeat of the same order returns its service; the key used for anything else is a conflict. */
async function replay(
  db: Db,
  input: { userId: number; productId: number; cycle: BillingCycle },
  earlier: CreditTransaction,
): Promise<ServiceView> {
  if (
    earlier.type !== 'service_purchase' ||
    earlier.metadata.productId !== input.productId ||
    (earlier.metadata.cycle ?? 'monthly') !== input.cycle
  )
    throw new AppError('CONFLICT', 'This idempotency key was already used for a different request.')
  const [charge] = await db
    .select({ serviceId: serviceCharges.serviceId })
    .from(serviceCharges)
    .where(eq(serviceCharges.creditEntryId, earlier.id))
  if (!charge) throw new AppError('CONFLICT', 'This idempotency key was already used.')
  return getService(db, charge.serviceId, input.userId)
}
