import { and, asc, gt, notInArray, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { systemChecks, topups, type SystemCheck, type Topup } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import type { PayPalOrder } from '#server/integrations/paypal/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { parseDecimalToCents } from '#server/lib/money.ts'
import { compensateTopup, type CompensationKind } from './compensate-topup.ts'

/** PayPal accepts refunds for 180 days, but nearly all come within a month. */
const LOOKBACK_DAYS = 30
const PAGE = 200

// Orders spec `payment_collection`: the order lists its captures and its refunds.
const ZMoney = z.looseObject({ value: z.string(), currency_code: z.string() })
const ZLinks = z.array(z.looseObject({ href: z.string(), rel: z.string() })).optional()
const ZPayments = z.looseObject({
  captures: z
    .array(z.looseObject({ id: z.string(), status: z.string(), amount: ZMoney.optional() }))
    .optional(),
  refunds: z
    .array(
      z.looseObject({
        id: z.string().min(1),
        status: z.string(),
        amount: ZMoney.optional(),
        links: ZLinks,
      }),
    )
    .optional(),
})

/** The capture a refund or capture link points "up" to, e.g. …/v2/payments/captures/{id}. */
export function upLinkId(
  links: { href: string; rel: string }[] | undefined,
  collection: 'captures' | 'orders',
): string | undefined {
  const up = links?.find((link) => link.rel === 'up' && link.href.includes(`/${collection}/`))
  return up?.href.split(`/${collection}/`)[1]?.split(/[/?#]/)[0] || undefined
}

function cents(value: string | undefined, what: string): number {
  const parsed = value === undefined ? null : parseDecimalToCents(value)
  if (!parsed?.ok) {
    // Nothing is compensated from an amount that cannot be read exactly.
    throw new AppError('UPSTREAM_UNAVAILABLE', 'PayPal is not responding; please try again.', {
      cause: new Error(`PayPal ${what} has an unreadable amount "${value ?? ''}"`),
    })
  }
  return parsed.cents
}

export type AppliedRefund = {
  topupId: number
  refundId: string
  kind: CompensationKind
  cents: number
  outcome: string
}

/**
 * Applies every refund PayPal lists for this top-up's capture through compensateTopup, the
 * webhook's path: a refund already recorded (by its webhook, or an earlier run) is a no-op.
 * A capture PayPal reports REFUNDED while its listed refunds add up to less was reversed
 * (chargebacks are not listed as refunds): the rest is recorded keyed on the capture.
 */
export async function applyRefundsFromOrder(
  db: Db,
  topup: Topup,
  order: PayPalOrder,
  reportedBy: string,
): Promise<AppliedRefund[]> {
  const captureId = topup.paypalCaptureId
  if (!captureId) return []
  const applied: AppliedRefund[] = []
  const apply = async (refundId: string, kind: CompensationKind, amountCents: number) => {
    const outcome = await compensateTopup(db, {
      captureId,
      refundId,
      kind,
      amountCents,
      reportedBy,
    })
    if (outcome !== 'already')
      applied.push({ topupId: topup.id, refundId, kind, cents: amountCents, outcome })
  }
  for (const unit of order.purchase_units ?? []) {
    const payments = ZPayments.safeParse(unit.payments ?? {})
    if (!payments.success) continue
    const captures = payments.data.captures ?? []
    const capture = captures.find((c) => c.id === captureId)
    if (!capture) continue
    let listed = 0
    for (const refund of payments.data.refunds ?? []) {
      // PENDING refunds are looked at again on a later run.
      if (refund.status !== 'COMPLETED') continue
      const up = upLinkId(refund.links, 'captures')
      if (up ? up !== captureId : captures.length !== 1) continue
      const amount = cents(refund.amount?.value, `refund ${refund.id}`)
      listed += amount
      await apply(refund.id, 'refund', amount)
    }
    const paid = cents(capture.amount?.value, `capture ${capture.id}`)
    if (['REFUNDED', 'REVERSED'].includes(capture.status) && listed < paid) {
      await apply(captureId, 'chargeback', paid - listed)
    }
  }
  return applied
}

/** Reads the top-up's order at PayPal and applies the refunds no webhook reported. */
export async function reconcileTopupRefunds(
  db: Db,
  providers: Providers,
  topup: Topup,
  reportedBy: string,
): Promise<AppliedRefund[]> {
  if (!topup.paypalOrderId) return []
  const order = await providers.paypal.getOrder(topup.paypalOrderId)
  return applyRefundsFromOrder(db, topup, order, reportedBy)
}

/**
 * The daily refund reconciliation: re-reads at PayPal every capture of the last 30 days
 * that is not fully refunded here and applies refunds and reversals whose webhook was lost
 * or refused. Recorded as a system check: "findings" when it applied anything (a webhook
 * went missing) or could not read a capture.
 */
export async function reconcileRefunds(
  db: Db,
  providers: Providers,
  options: { lookbackDays?: number } = {},
): Promise<SystemCheck> {
  const days = options.lookbackDays ?? LOOKBACK_DAYS
  const applied: AppliedRefund[] = []
  const errors: { topupId: number; error: string }[] = []
  let checked = 0
  for (let after = 0; ; ) {
    const page = await db
      .select()
      .from(topups)
      .where(
        and(
          gt(topups.id, after),
          sql`${topups.paypalCaptureId} is not null`,
          sql`${topups.paypalOrderId} is not null`,
          sql`coalesce(${topups.capturedAt}, ${topups.createdAt}) > now() - make_interval(days => ${days})`,
          sql`${topups.refundedCents} < ${topups.amountCents}`,
          // Nothing was ever paid on these.
          notInArray(topups.status, ['created', 'capturing', 'pending', 'failed']),
        ),
      )
      .orderBy(asc(topups.id))
      .limit(PAGE)
    for (const topup of page) {
      checked++
      try {
        applied.push(...(await reconcileTopupRefunds(db, providers, topup, 'reconciliation')))
      } catch (error) {
        logError('refund reconciliation: could not read the capture', error, {
          topupId: topup.id,
        })
        errors.push({
          topupId: topup.id,
          error: error instanceof Error ? error.message : 'unknown error',
        })
      }
    }
    if (page.length < PAGE) break
    after = page.at(-1)!.id
  }
  const differences = [
    ...applied.map((a) => ({
      kind: 'unreported_refund',
      topupId: a.topupId,
      detail: `${a.kind} ${a.refundId} of ${a.cents} cents applied (${a.outcome}); no webhook had reported it`,
    })),
    ...errors.map((e) => ({ kind: 'unreadable', topupId: e.topupId, detail: e.error })),
  ]
  const [row] = await db
    .insert(systemChecks)
    .values({
      kind: 'paypal_refunds',
      outcome: differences.length === 0 ? 'ok' : 'findings',
      summary:
        `${checked} PayPal capture(s) from the last ${days} days re-read: ` +
        `${applied.length} refund(s) no webhook reported applied` +
        (errors.length > 0 ? `, ${errors.length} could not be read.` : '.'),
      details: { checked, applied, errors, differences },
    })
    .returning()
  return row!
}
