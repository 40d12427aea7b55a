import { randomUUID } from 'node:crypto'
import type { Db } from '#db/client.ts'
import { isDatabaseUnavailable, isUniqueViolation } from '#db/errors.ts'
import { formatCents, money, type Money } from '#server/lib/money.ts'
import {
  buildMailInsert,
  enqueueMail,
  type EnqueueMailInput,
} from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import { toEntryView, type CreditEntryView } from './entry-view.ts'
import {
  findEntryByIdempotencyKey,
  postCreditEntry,
  postCreditEntryAlone,
  postCreditEntryOnce,
  type CreditEntryInput,
} from './post-credit-entry.ts'
import type { TAdminAdjustmentInput } from './schemas.ts'

export type AdminAdjustmentResult = {
  entry: CreditEntryView
  balance: Money
  warning: string | null
}

/**
 * An admin adds or removes credits with a required reason. Removal may take the balance
 * below zero (the user then owes it); the result carries a warning saying so. The user's
 * notice (with the reason) is written by the entry's own statement (or transaction), never
 * without it; a repeat of the same idempotency key returns the first entry, whose statement
 * wrote the notice.
 */
export async function adjustCreditsByAdmin(
  db: Db,
  input: TAdminAdjustmentInput & {
    direction: 'add' | 'remove'
    admin: { id: number; name: string }
  },
): Promise<AdminAdjustmentResult> {
  const adding = input.direction === 'add'
  const entryInput: CreditEntryInput = {
    userId: input.userId,
    type: adding ? 'admin_add' : 'admin_remove',
    amountCents: adding ? input.amount : -input.amount,
    description: adding
      ? 'Credits added by an administrator'
      : 'Credits removed by an administrator',
    paymentMethod: 'admin',
    adminUserId: input.admin.id,
    reason: input.reason,
    idempotencyKey: input.idempotencyKey ?? null,
    allowNegative: !adding,
  }
  const key = entryInput.idempotencyKey
  const repeated = key ? await findEntryByIdempotencyKey(db, input.userId, key) : undefined
  let entry
  if (repeated) {
    entry = await postCreditEntryOnce(db, entryInput)
  } else {
    try {
      const notice: EnqueueMailInput<'admin-credit-adjustment'> = {
        eventKey: `admin-adjustment:${input.userId}:${key ?? randomUUID()}`,
        recipient: { userId: input.userId },
        template: 'admin-credit-adjustment',
        data: { direction: input.direction, amountCents: input.amount, reason: input.reason },
      }
      // The common case is one autocommit statement (entry, notice and low-balance notice
      // together): the balance row's lock is released inside PostgreSQL, not when our COMMIT
      // arrives through the event loop. The wallet's first use takes the transaction.
      entry =
        (await postCreditEntryAlone(db, entryInput, [
          (posted) => buildMailInsert(notice, { onlyWith: posted }),
        ])) ??
        (await db.transaction(async (tx) => {
          // The notice first: the entry's statement takes the balance row's lock, held from
          // there to COMMIT, so nothing else runs after it (one round trip under the lock).
          await enqueueMail(tx, notice)
          return postCreditEntry(tx, entryInput)
        }))
      await requestMailDelivery()
    } catch (error) {
      if (key && isDatabaseUnavailable(error)) {
        // The connection was lost, perhaps after the statement or COMMIT committed: the key tells
        // whether it landed. Found, it is the answer; not found (or still down), the 503 stands.
        const landed = await findEntryByIdempotencyKey(db, input.userId, key).catch(() => null)
        if (!landed) throw error
        entry = await postCreditEntryOnce(db, entryInput)
      } else {
        // The same key, sent at the same moment, committed first: answer with its entry.
        if (!key || !isUniqueViolation(error, 'credit_transactions_idempotency_key')) throw error
        entry = await postCreditEntryOnce(db, entryInput)
      }
    }
  }
  const balanceAfter = entry.balanceAfterCents
  return {
    entry: toEntryView(entry, input.admin.name),
    balance: money(balanceAfter),
    warning:
      !adding && balanceAfter < 0
        ? `The balance is now negative (${formatCents(balanceAfter)}): the user owes it.`
        : null,
  }
}
