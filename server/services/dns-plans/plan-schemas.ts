import { z } from 'zod'
import { zAmount } from '#server/lib/money-schema.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zId, zInt, zText } from '#server/lib/validation.ts'

/*
 * The DNS plan catalogue's inputs. No env, no server-only imports: the admin plan form in the
 * browser validates with these same schemas before sending.
 */

export const ZPlanId = zId('Plan id must be a whole number from 1 to 2147483647')

/** How many free days an admin may add to a subscription (the admin DNS tab's field too). */
export const ZExtendDays = zInt({ min: 1, max: 365, message: 'Extend by 1 to 365 days' })

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
