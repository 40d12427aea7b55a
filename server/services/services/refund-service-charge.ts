import { and, eq, sql } from 'drizzle-orm'
import type { Db, DbOrTx, Tx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import { creditTransactions, serviceCharges, serviceRefunds, services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { formatCents } from '#server/lib/money.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { postCreditEntry } from '#server/services/credits/post-credit-entry.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { noticeStyle } from './lifecycle.ts'

export type RefundServiceChargeInput = {
  serviceId: number
  chargeId: number
  /** Integer cents; omitted refunds everything not yet refunded on the charge. */
  amountCents?: number | undefined
  reason: string
  idempotencyKey: string
  adminId: number
}

export type ServiceRefundResult = {
  refund: {
    id: number
    chargeId: number
    amountCents: number
    creditEntryId: number
    createdAt: Date
  }
  /** The customer's balance right after the refund entry. */
  balanceAfterCents: number
}

/**
 * An admin gives back all or part of one service charge as custom credits: a service_refund
 * ledger entry, a service_refunds row tying it to the charge, the charge's refunded total, the
 * admin audit log and a notice to the customer, in one transaction. Exactly once per (admin,
 * idempotency key): a retry gets the first refund back. The charge row is locked while the
 * remainder is checked, and its CHECK (refunded <= amount) holds even if a path forgot to.
 * The service's status does not change: suspending or terminating are their own actions.
 */
export async function refundServiceCharge(
  db: Db,
  input: RefundServiceChargeInput,
): Promise<ServiceRefundResult> {
  try {
    const result = await db.transaction((tx) => refundLocked(tx, input))
    await requestMailDelivery()
    return result
  } catch (error) {
    // A concurrent request with the same key committed first (the unique index caught it).
    if (isUniqueViolation(error, 'service_refunds_idempotency_key')) {
      const earlier = await findRefund(db, input)
      if (earlier) return earlier
    }
    throw error
  }
}

async function refundLocked(tx: Tx, input: RefundServiceChargeInput): Promise<ServiceRefundResult> {
  const [found] = await tx
    .select({ charge: serviceCharges, service: services })
    .from(serviceCharges)
    .innerJoin(services, eq(services.id, serviceCharges.serviceId))
    .where(
      and(eq(serviceCharges.id, input.chargeId), eq(serviceCharges.serviceId, input.serviceId)),
    )
    .for('update', { of: serviceCharges })
  if (!found) throw new AppError('NOT_FOUND', 'This service has no such charge.')
  const { charge, service } = found

  // Under the charge's lock: a request with the same key that got here first is visible now.
  const earlier = await findRefund(tx, input)
  if (earlier) return earlier

  const refundableCents = charge.amountCents - charge.refundedCents
  if (refundableCents === 0)
    throw new AppError('CONFLICT', 'This charge is already refunded in full.', {
      details: { refundableCents },
    })
  const amountCents = input.amountCents ?? refundableCents
  if (amountCents > refundableCents) {
    const message = `At most ${formatCents(refundableCents)} of this charge is left to refund.`
    throw new AppError('VALIDATION_FAILED', message, {
      fields: { amountCents: [message] },
      details: { refundableCents },
    })
  }

  const style = noticeStyle(service.family)
  const entry = await postCreditEntry(tx, {
    userId: service.userId,
    type: 'service_refund',
    amountCents,
    description: `Refund: ${style.label} charge #${charge.id} (${charge.kind.replace('_', ' ')})`,
    adminUserId: input.adminId,
    reason: input.reason,
    metadata: { serviceId: service.id, chargeId: charge.id },
  })
  await tx
    .update(serviceCharges)
    .set({ refundedCents: sql`${serviceCharges.refundedCents} + ${amountCents}` })
    .where(eq(serviceCharges.id, charge.id))
  const [refund] = await tx
    .insert(serviceRefunds)
    .values({
      chargeId: charge.id,
      amountCents,
      creditEntryId: entry.id,
      adminUserId: input.adminId,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
    })
    .returning()
  await recordAdminAction(tx, {
    adminUserId: input.adminId,
    targetUserId: service.userId,
    action: 'service.refund',
    subject: `service:${service.id}`,
    reason: input.reason,
    details: {
      status: service.status,
      chargeId: charge.id,
      refundId: refund!.id,
      amountCents,
      refundedBeforeCents: charge.refundedCents,
      chargeCents: charge.amountCents,
      creditEntryId: entry.id,
    },
  })
  await enqueueMail(tx, {
    eventKey: `service-refund:${refund!.id}`,
    recipient: { userId: service.userId },
    template: 'refund-applied',
    data: {
      kind: 'service_refund',
      amountCents,
      purpose: null,
      reference: `${style.label} charge #${charge.id}`,
      reason: input.reason,
      balanceAfterCents: entry.balanceAfterCents,
    },
  })
  await notify(tx, {
    userId: service.userId,
    kind: style.kind('refunded'),
    title: `${formatCents(amountCents)} refunded`,
    body: `An administrator refunded ${formatCents(amountCents)} of a ${style.label} charge to your credits: ${input.reason}`,
    link: style.link,
  })
  return {
    refund: {
      id: refund!.id,
      chargeId: charge.id,
      amountCents,
      creditEntryId: entry.id,
      createdAt: refund!.createdAt,
    },
    balanceAfterCents: entry.balanceAfterCents,
  }
}

/**
 * The refund this admin already made under this key, if any. Reusing the key for another
 * charge or another amount is refused; an omitted amount matches (it meant "the rest").
 */
async function findRefund(
  db: DbOrTx,
  input: RefundServiceChargeInput,
): Promise<ServiceRefundResult | null> {
  const [row] = await db
    .select({
      refund: serviceRefunds,
      serviceId: serviceCharges.serviceId,
      balanceAfterCents: creditTransactions.balanceAfterCents,
    })
    .from(serviceRefunds)
    .innerJoin(serviceCharges, eq(serviceCharges.id, serviceRefunds.chargeId))
    .innerJoin(creditTransactions, eq(creditTransactions.id, serviceRefunds.creditEntryId))
    .where(
      and(
        eq(serviceRefunds.adminUserId, input.adminId),
        eq(serviceRefunds.idempotencyKey, input.idempotencyKey),
      ),
    )
  if (!row) return null
  const { refund } = row
  const same =
    refund.chargeId === input.chargeId &&
    row.serviceId === input.serviceId &&
    (input.amountCents === undefined || input.amountCents === refund.amountCents)
  if (!same)
    throw new AppError(
      'CONFLICT',
      'This idempotency key was already used for a different refund.',
      { details: { refundId: refund.id } },
    )
  return {
    refund: {
      id: refund.id,
      chargeId: refund.chargeId,
      amountCents: refund.amountCents,
      creditEntryId: refund.creditEntryId,
      createdAt: refund.createdAt,
    },
    balanceAfterCents: row.balanceAfterCents,
  }
}
