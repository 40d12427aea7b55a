import { z } from 'zod'
import { ZReason } from '#server/lib/reason-schema.ts'
import { ZIdempotencyKey } from '#server/lib/validation.ts'
import { ZUserId } from '#server/services/users/fields.ts'
import { ZExtendDays, ZPlanId } from './plan-schemas.ts'

// The catalogue's schemas are browser-safe (the admin plan form validates with them).
export {
  ZDeletePlanInput,
  ZExtendDays,
  ZPlanFields,
  ZPlanId,
  ZReorderPlansInput,
  ZUpdatePlanInput,
} from './plan-schemas.ts'

export const ZPurchasePlanInput = z.object({
  planId: ZPlanId,
  idempotencyKey: ZIdempotencyKey.optional(),
})
export const ZPreviewChangeInput = z.object({ planId: ZPlanId })
export const ZChangePlanInput = z.object({ planId: ZPlanId, quote: z.string().max(500).optional() })

export const ZAdminSubscriptionAction = z.object({ userId: ZUserId, reason: ZReason })
export const ZAdminExtendInput = ZAdminSubscriptionAction.extend({
  days: ZExtendDays,
})
