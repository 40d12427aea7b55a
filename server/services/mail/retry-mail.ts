import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { mailOutbox } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { recordAdminAction } from '#server/services/audit/record-admin-action.ts'
import { requestMailDelivery } from './request-mail-delivery.ts'

/**
 * An admin's "Retry now" for a message that was given up: back to pending, due now, with a
 * fresh count of attempts, and audited. Only a failed message: a pending one is retried
 * anyway, and a sent one must never be sent again. What was rendered stays (sent as shown).
 */
export async function retryFailedMail(
  db: Db,
  input: { mailId: number; adminUserId: number },
): Promise<{ id: number; status: 'pending' }> {
  const retried = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(mailOutbox)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()` })
      .where(and(eq(mailOutbox.id, input.mailId), eq(mailOutbox.status, 'failed')))
      .returning({
        id: mailOutbox.id,
        userId: mailOutbox.userId,
        template: mailOutbox.template,
        lastError: mailOutbox.lastError,
      })
    if (!row) {
      const [existing] = await tx
        .select({ status: mailOutbox.status })
        .from(mailOutbox)
        .where(eq(mailOutbox.id, input.mailId))
      if (!existing) throw new AppError('NOT_FOUND', `Message ${input.mailId} not found.`)
      throw new AppError(
        'CONFLICT',
        `Only a failed message can be retried; this one is ${existing.status}.`,
        { details: { status: existing.status } },
      )
    }
    await recordAdminAction(tx, {
      adminUserId: input.adminUserId,
      targetUserId: row.userId,
      action: 'mail.retry',
      subject: `mail:${row.id}`,
      reason: 'Retry now',
      details: { template: row.template, lastError: row.lastError },
    })
    return row
  })
  await requestMailDelivery()
  return { id: retried.id, status: 'pending' }
}
