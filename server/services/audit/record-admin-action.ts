import type { Tx } from '#db/client.ts'
import { adminAuditLog } from '#db/schema/index.ts'
import type { AdminAuditAction } from './schemas.ts'

/**
 * Appends one audit entry inside the caller's transaction, so the entry exists exactly when
 * the change it describes committed.
 */
export async function recordAdminAction(
  tx: Tx,
  entry: {
    adminUserId: number
    targetUserId: number | null
    action: AdminAuditAction
    subject: string
    reason: string
    details?: Record<string, unknown>
  },
): Promise<void> {
  await tx.insert(adminAuditLog).values({ ...entry, details: entry.details ?? {} })
}
