import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db, DbOrTx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { serviceCharges, services, type BillingCycle, type Service } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { requestJob } from '#server/jobs/requests.ts'
import { logError } from '#server/lib/log.ts'
import { formatCents, money, type Money } from '#server/lib/money.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { recordServiceEvent } from '#server/services/provisioning/record-service-event.ts'
import { day, LIVE_STATUSES, noticeStyle } from './lifecycle.ts'
import { prorateUpgrade } from './periods.ts'
import { getProduct, getService, priceOf } from './queries.ts'
import { issueQuote, readQuote, type QuoteContext } from './quote.ts'
import type { PricedProduct, ServiceView } from './views.ts'

export type ChangeKind = 'upgrade' | 'downgrade' | 'cycle_change' | 'same'

export type ServiceChangePreview = {
  kind: ChangeKind
  fromProduct: { id: number; name: string }
  toProduct: { id: number; name: string; price: Money }
  cycle: BillingCycle
  /** Charged now (upgrades only). */
  amount: Money
  effectiveAt: Date
  secondsLeft: number
  periodSeconds: number
  quote: string | null
  quoteExpiresAt: Date | null
  message: string
}

export type ChangeTarget = { productId: number; cycle?: BillingCycle | undefined }

/** Only a running, paid-up service changes plan. */
function assertChangeable(service: Service | undefined, missing: string): Service {
  if (!service) throw new AppError('NOT_FOUND', missing)
  if (service.status === 'past_due' || service.status === 'suspended')
    throw new AppError(
      'CONFLICT',
      'Your plan renewal is overdue: add credits so it renews before changing plans.',
    )
  if (service.status === 'pending')
    throw new AppError(
      'CONFLICT',
      'This service is still being set up: change it once it is active.',
    )
  return service
}

/**
 * Between a period's end and its renewal, the time running is not paid for yet: an upgrade
 * would be prorated over nothing ($0) and a downgrade would rewrite a period that already
 * began. The renewal goes first (asked to run now); then the change is priced on the new period.
 */
function assertPeriodRunning(service: Service, now: Date): void {
  if (now.getTime() < service.currentPeriodEnd.getTime()) return
  void requestJob('renew-dns-subscriptions').catch((e: unknown) =>
    logError('could not queue the renewals (the hourly run will pick it up)', e),
  )
  const ended = service.currentPeriodEnd.toISOString()
  throw new AppError(
    'CONFLICT',
    `Your plan's billing period ended on ${ended.slice(0, 10)} and is being renewed. Try the change again in a minute, after the renewal.`,
    { details: { periodEnd: ended, retryAfterRenewal: true } },
  )
}

/** Another family's product, or one closed for sale, is no target (staying on the current one is). */
async function targetOf(db: DbOrTx, service: Service, target: ChangeTarget) {
  const product = await getProduct(db, target.productId, {
    family: service.family,
    notFound: service.family === 'dns' ? 'No such DNS plan.' : 'No such product.',
  })
  if (product.visibility !== 'active' && product.id !== service.productId)
    throw new AppError(
      'NOT_FOUND',
      service.family === 'dns' ? 'No such DNS plan.' : 'No such product.',
    )
  const cycle = target.cycle ?? service.cycle
  return { product, cycle, priceCents: priceOf(product, cycle) }
}

function quoteContext(service: Service, product: PricedProduct, cycle: BillingCycle): QuoteContext {
  return {
    serviceId: service.id,
    fromProductId: service.productId,
    pricePaidCents: service.pricePaidCents,
    productId: product.id,
    cycle,
    periodStart: service.currentPeriodStart.getTime(),
  }
}

function previewFor(
  service: Service,
  current: { id: number; name: string },
  target: { product: PricedProduct; cycle: BillingCycle; priceCents: number },
  now: Date,
): ServiceChangePreview {
  assertPeriodRunning(service, now)
  const { product, cycle, priceCents } = target
  const kind: ChangeKind =
    product.id === service.productId && cycle === service.cycle
      ? 'same'
      : cycle !== service.cycle
        ? 'cycle_change'
        : priceCents > service.recurringPriceCents
          ? 'upgrade'
          : 'downgrade'
  const base = {
    kind,
    fromProduct: current,
    toProduct: { id: product.id, name: product.name, price: money(priceCents) },
    cycle,
  }
  if (kind !== 'upgrade') {
    return {
      ...base,
      amount: money(0),
      effectiveAt: service.currentPeriodEnd,
      secondsLeft: 0,
      periodSeconds: 0,
      quote: null,
      quoteExpiresAt: null,
      message:
        kind === 'same'
          ? `You are already on ${product.name}.`
          : `${product.name}${kind === 'cycle_change' ? ` (${cycle})` : ''} starts when the current period ends on ${day(service.currentPeriodEnd)}; nothing is charged now.`,
    }
  }
  const proration = prorateUpgrade({
    pricePaidCents: service.pricePaidCents,
    newPriceCents: priceCents,
    periodStart: service.currentPeriodStart,
    periodEnd: service.currentPeriodEnd,
    now,
  })
  const quote = issueQuote(
    { ...quoteContext(service, product, cycle), amountCents: proration.amountCents },
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
    message: `${product.name} starts now. You pay ${formatCents(proration.amountCents)}: the price difference for the rest of this period.`,
  }
}

async function readService(db: DbOrTx, userId: number, serviceId: number, lock: boolean) {
  const query = db
    .select()
    .from(services)
    .where(
      and(
        eq(services.id, serviceId),
        eq(services.userId, userId),
        inArray(services.status, [...LIVE_STATUSES]),
      ),
    )
  const [service] = lock ? await query.for('update') : await query
  return service
}

/** What a change would do and cost, without doing it. */
export async function previewServiceChange(
  db: Db,
  input: { userId: number; serviceId: number; now?: Date; missing?: string } & ChangeTarget,
): Promise<ServiceChangePreview> {
  const service = assertChangeable(
    await readService(db, input.userId, input.serviceId, false),
    input.missing ?? 'No such service.',
  )
  const current = await getProduct(db, service.productId)
  const target = await targetOf(db, service, input)
  return previewFor(service, current, target, input.now ?? new Date())
}

/**
 * Upgrade (a dearer product, same cycle): takes effect now and charges the prorated difference
 * on what was paid (the quoted amount, if a valid quote from the preview is given); the new
 * price is locked for the renewals. Downgrade or cycle change: scheduled for the period end,
 * free. Choosing the current product and cycle again clears a scheduled change.
 */
export async function changeService(
  db: Db,
  input: {
    userId: number
    serviceId: number
    quote?: string | undefined
    now?: Date
    missing?: string
  } & ChangeTarget,
): Promise<{ service: ServiceView; charged: Money; kind: ChangeKind }> {
  const now = input.now ?? new Date()
  const result = await db
    .transaction(async (tx) => {
      const service = assertChangeable(
        await readService(tx, input.userId, input.serviceId, true),
        input.missing ?? 'No such service.',
      )
      const current = await getProduct(tx, service.productId)
      const target = await targetOf(tx, service, input)
      const preview = previewFor(service, current, target, now)
      const style = noticeStyle(service.family)
      if (preview.kind === 'same') {
        await tx
          .update(services)
          .set({ scheduledProductId: null, scheduledCycle: null, updatedAt: sql`now()` })
          .where(eq(services.id, service.id))
        return { kind: preview.kind, charged: 0 }
      }
      if (preview.kind !== 'upgrade') {
        await tx
          .update(services)
          .set({
            scheduledProductId: target.product.id,
            scheduledCycle: target.cycle,
            updatedAt: sql`now()`,
          })
          .where(eq(services.id, service.id))
        await notify(tx, {
          userId: input.userId,
          kind: style.kind('downgrade_scheduled'),
          title: `Switching to ${target.product.name}`,
          body: preview.message,
          link: style.link,
        })
        return { kind: preview.kind, charged: 0 }
      }
      const quoted = readQuote(
        input.quote,
        quoteContext(service, target.product, target.cycle),
        now,
      )
      const amountCents = quoted ? quoted.amountCents : preview.amount.cents
      if (amountCents <= 0 && target.priceCents > service.pricePaidCents) {
        // Never a more expensive plan for nothing, whatever computed or signed the amount.
        throw new AppError('CONFLICT', 'This upgrade could not be priced: preview it again.')
      }
      if (amountCents > 0) {
        const entry = await spendCredits(tx, {
          userId: input.userId,
          type: 'service_upgrade',
          amountCents,
          description: `${style.label} upgrade ${current.name} → ${target.product.name} for the rest of the period`,
          metadata: {
            serviceId: service.id,
            fromProductId: current.id,
            toProductId: target.product.id,
            cycle: target.cycle,
            quoted: Boolean(quoted),
          },
        })
        await tx.insert(serviceCharges).values({
          serviceId: service.id,
          productId: target.product.id,
          cycle: target.cycle,
          kind: 'upgrade',
          periodStart: service.currentPeriodStart,
          periodEnd: service.currentPeriodEnd,
          amountCents,
          creditEntryId: entry.id,
        })
      }
      await tx
        .update(services)
        .set({
          productId: target.product.id,
          pricePaidCents: target.priceCents,
          recurringPriceCents: target.priceCents,
          nextRecurringPriceCents: null,
          scheduledProductId: null,
          scheduledCycle: null,
          updatedAt: sql`now()`,
        })
        .where(eq(services.id, service.id))
      await recordServiceEvent(tx, {
        serviceId: service.id,
        type: 'plan_changed',
        details: { fromProductId: current.id, chargedCents: amountCents, at: 'upgrade' },
      })
      await notify(tx, {
        userId: input.userId,
        kind: style.kind('upgraded'),
        title: `Upgraded to ${target.product.name}`,
        body: `Charged ${formatCents(amountCents)} from custom credits for the rest of this period.`,
        link: style.link,
      })
      return { kind: preview.kind, charged: amountCents }
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, 'service_charges_upgrade_once')) {
        throw new AppError('CONFLICT', 'This upgrade was already made for the current period.')
      }
      throw error
    })
  return {
    service: await getService(db, input.serviceId),
    charged: money(result.charged),
    kind: result.kind,
  }
}
