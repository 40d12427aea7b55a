import { db } from '#app/lib/db.server.ts'
import { adminRestHandler, bodyOf, parseInput } from '#app/lib/rest.server.ts'
import { AppError } from '#server/errors.ts'
import { refundServiceCharge } from '#server/services/services/refund-service-charge.ts'
import {
  ZAdminRefundChargeBody,
  ZAdminRefundChargeInput,
} from '#server/services/services/schemas.ts'

/**
 * POST /api/admin/services/:serviceId/charges/:chargeId/refunds `{ amount?: "12.50", reason }`
 * with an `Idempotency-Key` header: refunds that much of the charge (no amount: all that is
 * left) to the customer's credits. A retry with the same key answers the same refund.
 */
export const action = adminRestHandler(['POST'], async (admin, { request, params }) => {
  const idempotencyKey = request.headers.get('Idempotency-Key')
  if (!idempotencyKey)
    throw new AppError('VALIDATION_FAILED', 'Send an Idempotency-Key header with the refund.', {
      fields: { idempotencyKey: ['Required (the Idempotency-Key header)'] },
    })
  const body = await bodyOf(request, ZAdminRefundChargeBody)
  const input = parseInput(ZAdminRefundChargeInput, {
    serviceId: params.serviceId,
    chargeId: params.chargeId,
    amountCents: body.amount,
    reason: body.reason,
    idempotencyKey,
  })
  return refundServiceCharge(db, { ...input, adminId: admin.id })
})
