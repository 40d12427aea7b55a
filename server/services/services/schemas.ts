import { z } from 'zod'
import type { ServiceStatus } from '#db/schema/services.ts'
import { zAmount } from '#server/lib/money-schema.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zId, zInt, ZIdempotencyKey, zText } from '#server/lib/validation.ts'
import { ZBillingCycle, ZProductFamily, ZProductId } from '#server/services/catalog/schemas.ts'
import { ZUserId } from '#server/services/users/fields.ts'

/** The engine's inputs: the tRPC `services` procedures and their REST mirrors parse with these. */

export const ZServiceId = zId('Service id must be a whole number from 1 to 2147483647')
export const ZServiceLookup = z.object({ serviceId: ZServiceId })

export const ZOrderServiceInput = z.object({
  productId: ZProductId,
  cycle: ZBillingCycle,
  idempotencyKey: ZIdempotencyKey.optional(),
})
export const ZMyServicesInput = z.object({ family: ZProductFamily.optional() }).default({})

const changeTarget = {
  serviceId: ZServiceId,
  productId: ZProductId,
  cycle: ZBillingCycle.optional(),
}
export const ZQuoteServiceChangeInput = z.object(changeTarget)
export const ZChangeServiceInput = z.object({
  ...changeTarget,
  quote: z.string().max(500).optional(),
})
export const ZSetAutoRenewInput = z.object({ serviceId: ZServiceId, autoRenew: z.boolean() })

/*
 * No env, no database, no server-only imports (types only): the admin services forms validate
 * with these same schemas in the browser. The status list repeats db/schema/services.ts's (that
 * module pulls drizzle into a bundle); the two `satisfies`/exhaustive checks fail to compile
 * when they drift apart.
 */
const SERVICE_STATUSES = [
  'pending',
  'active',
  'past_due',
  'suspended',
  'cancelled',
  'terminated',
] as const satisfies readonly ServiceStatus[]
type Exhaustive<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _statuses: Exhaustive<(typeof SERVICE_STATUSES)[number], ServiceStatus> = true
void _statuses

export const ZServiceStatus = z.enum(SERVICE_STATUSES, {
  error: `Status must be one of: ${SERVICE_STATUSES.join(', ')}`,
})
export const ZAdminServicesListInput = z
  .object({
    family: ZProductFamily.optional(),
    status: ZServiceStatus.optional(),
    /** Live services whose current period ends by this instant (due for renewal by then). */
    dueBefore: z.iso.datetime({ offset: true }).optional(),
    /** …and by no earlier than this one (with dueBefore: a due-date range). */
    dueAfter: z.iso.datetime({ offset: true }).optional(),
    userId: ZUserId.optional(),
    search: zText({ label: 'Search', min: 1, max: 100 }).optional(),
    cursor: ZServiceId.nullish(),
    limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(50),
  })
  .default({ limit: 50 })
export const ZAdminServiceAction = z.object({ serviceId: ZServiceId, reason: ZReason })
export const ZAdminExtendServiceInput = ZAdminServiceAction.extend({
  days: zInt({ min: 1, max: 365, message: 'Extend by 1 to 365 days' }),
})
export const ZAdminChangeServicePriceInput = ZAdminServiceAction.extend({
  price: zAmount({ min: 1, max: 1_000_000 }),
})

export const ZChargeId = zId('Charge id must be a whole number from 1 to 2147483647')
const REFUND_MAX_CENTS = 100_000_000_00
/** tRPC `services.admin.refundCharge`: integer cents; no amount refunds everything left. */
export const ZAdminRefundChargeInput = z.object({
  serviceId: ZServiceId,
  chargeId: ZChargeId,
  amountCents: zInt({
    min: 1,
    max: REFUND_MAX_CENTS,
    message: 'Amount must be a whole number of cents from 1 to 10000000000',
  }).optional(),
  reason: ZReason,
  idempotencyKey: ZIdempotencyKey,
})
/** REST body of POST /api/admin/services/:serviceId/charges/:chargeId/refunds (decimal text). */
export const ZAdminRefundChargeBody = z.object({
  amount: zAmount({ min: 1, max: REFUND_MAX_CENTS }).optional(),
  reason: ZReason,
})
