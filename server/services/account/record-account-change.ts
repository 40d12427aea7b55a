import type { Tx } from '#db/client.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'

export type AccountChange = 'user.change_password' | 'user.change_email' | 'user.revoke_sessions'

/**
 * Audits a change the account holder made to their own account in the one audit log (ADR
 * 011), inside the caller's transaction: the actor and the target are the same user.
 */
export function recordAccountChange(
  tx: Tx,
  entry: { userId: number; action: AccountChange; details?: Record<string, unknown> },
): Promise<void> {
  return recordAdminAction(tx, {
    adminUserId: entry.userId,
    targetUserId: entry.userId,
    action: entry.action,
    subject: `user:${entry.userId}`,
    reason: 'Changed by the account holder',
    details: entry.details,
  })
}
