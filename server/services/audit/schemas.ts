import { z } from 'zod'
import { zId, zInt } from '#server/lib/validation.ts'
import { ZUserId } from '#server/services/users/schemas.ts'

/** Everything an admin can do that is recorded in admin_audit_log (credit adjustments are in the journal). */
export const ADMIN_AUDIT_ACTIONS = [
  'user.set_role',
  'user.set_active',
  'dns_subscription.cancel',
  'dns_subscription.extend',
  'dns_plan.create',
  'dns_plan.update',
  'dns_plan.retire',
  'dns_plan.reorder',
  'dns_plan.delete',
  // The services engine's admin actions (server/services/services/admin-services.ts).
  'service.suspend',
  'service.unsuspend',
  'service.terminate',
  'service.extend',
  'service.change_price',
  'service.refund',
  // Changes users make to their own account (actor = target), server/services/account/.
  'user.change_password',
  'user.change_email',
  'user.revoke_sessions',
  // The services catalog (server/services/catalog/).
  'product.create',
  'product.update',
  'product.set_visibility',
  'product.set_price',
  'service.provision',
  'service_event.redeliver',
  // Branding and company details (server/services/settings/, ADR 028).
  'settings.update',
  // A failed message sent again by an admin (server/services/mail/).
  'mail.retry',
] as const
export type AdminAuditAction = (typeof ADMIN_AUDIT_ACTIONS)[number]

export const ZListAuditLogInput = z.object({
  targetUserId: ZUserId.optional(),
  adminUserId: ZUserId.optional(),
  action: z
    .enum(ADMIN_AUDIT_ACTIONS, {
      error: `Action must be one of: ${ADMIN_AUDIT_ACTIONS.join(', ')}`,
    })
    .optional(),
  cursor: zId().nullish(),
  limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(50),
})
