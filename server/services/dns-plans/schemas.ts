import { z } from 'zod'
import { zAmount } from '#server/lib/money-schema.ts'
import { ZIdempotencyKey, ZReason } from '#server/services/credits/schemas.ts'
import { ZUserId } from '#server/services/users/schemas.ts'

export const ZPlanId = z.coerce
  .number({ error: 'planId must be a number' })
  .int()
  .positive()
  .max(2147483647)

export const ZPurchasePlanInput = z.object({
  planId: ZPlanId,
  idempotencyKey: ZIdempotencyKey.optional(),
})
export const ZPreviewChangeInput = z.object({ planId: ZPlanId })
export const ZChangePlanInput = z.object({ planId: ZPlanId, quote: z.string().max(500).optional() })

export const ZAdminSubscriptionAction = z.object({ userId: ZUserId, reason: ZReason })
export const ZAdminExtendInput = ZAdminSubscriptionAction.extend({
  days: z.coerce
    .number()
    .int()
    .min(1, 'Extend by 1 to 365 days')
    .max(365, 'Extend by 1 to 365 days'),
})

const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Slug: lowercase letters, digits and dashes')
const ZPlanName = z
  .string()
  .trim()
  .min(2, 'Name is 2 to 60 characters')
  .max(60, 'Name is 2 to 60 characters')

/** Admin plan editing: prices are decimal text like "15.00"; limits positive integers. */
const planFields = {
  slug: ZSlug,
  name: ZPlanName,
  description: z.string().trim().max(500),
  price: zAmount({ min: 1, max: 1_000_000 }),
  maxDomains: z.coerce.number().int().min(1).max(100000),
  maxRecords: z.coerce.number().int().min(1).max(10000000),
  features: z.array(z.string().trim().min(1).max(100)).max(20),
  isActive: z.boolean(),
  displayOrder: z.coerce.number().int().min(0).max(10000),
}
export const ZPlanFields = z.object({
  ...planFields,
  description: planFields.description.default(''),
  features: planFields.features.default([]),
  isActive: planFields.isActive.default(true),
  displayOrder: planFields.displayOrder.default(0),
})
/** An edit changes only the fields sent (no defaults here: they would overwrite the rest). */
export const ZUpdatePlanInput = z.object(planFields).partial().extend({ planId: ZPlanId })
