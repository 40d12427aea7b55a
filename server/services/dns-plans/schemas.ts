import { z } from 'zod'
import { zAmount } from '#server/lib/money-schema.ts'
import { zId, zInt, zText } from '#server/lib/validation.ts'
import { ZIdempotencyKey, ZReason } from '#server/services/credits/schemas.ts'
import { ZUserId } from '#server/services/users/schemas.ts'

export const ZPlanId = zId('Plan id must be a whole number from 1 to 2147483647')

export const ZPurchasePlanInput = z.object({
  planId: ZPlanId,
  idempotencyKey: ZIdempotencyKey.optional(),
})
export const ZPreviewChangeInput = z.object({ planId: ZPlanId })
export const ZChangePlanInput = z.object({ planId: ZPlanId, quote: z.string().max(500).optional() })

export const ZAdminSubscriptionAction = z.object({ userId: ZUserId, reason: ZReason })
export const ZAdminExtendInput = ZAdminSubscriptionAction.extend({
  days: zInt({ min: 1, max: 365, message: 'Extend by 1 to 365 days' }),
})

const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Slug: lowercase letters, digits and dashes')
const ZPlanName = zText({ label: 'Name', min: 2, max: 60 })

/** Admin plan editing: prices are decimal text like "15.00"; limits positive integers. */
const planFields = {
  slug: ZSlug,
  name: ZPlanName,
  description: zText({ label: 'Description', max: 500, multiline: true }),
  price: zAmount({ min: 1, max: 1_000_000 }),
  maxDomains: zInt({ min: 1, max: 100_000 }),
  maxRecords: zInt({ min: 1, max: 10_000_000 }),
  features: z.array(zText({ label: 'Each feature', min: 1, max: 100 })).max(20),
  isActive: z.boolean(),
  displayOrder: zInt({ min: 0, max: 10_000 }),
}
/** Why the catalogue changed, for the audit log (optional: a catalogue edit has no customer). */
const ZPlanChangeReason = ZReason.optional()
export const ZPlanFields = z.object({
  ...planFields,
  reason: ZPlanChangeReason,
  description: planFields.description.default(''),
  features: planFields.features.default([]),
  isActive: planFields.isActive.default(true),
  displayOrder: planFields.displayOrder.default(0),
})
/** An edit changes only the fields sent (no defaults here: they would overwrite the rest). */
export const ZUpdatePlanInput = z
  .object(planFields)
  .partial()
  .extend({ planId: ZPlanId, reason: ZPlanChangeReason })
export const ZReorderPlansInput = z.object({
  planIds: z.array(ZPlanId).min(1).max(100),
  reason: ZPlanChangeReason,
})
export const ZDeletePlanInput = z.object({ planId: ZPlanId, reason: ZPlanChangeReason })
