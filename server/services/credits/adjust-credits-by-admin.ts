import type { Db } from '#db/client.ts'
import { formatCents, money, type Money } from '#server/lib/money.ts'
import { toEntryView, type CreditEntryView } from './entry-view.ts'
import { postCreditEntryOnce } from './post-credit-entry.ts'
import type { TAdminAdjustmentInput } from './schemas.ts'

export type AdminAdjustmentResult = {
  entry: CreditEntryView
  balance: Money
  warning: string | null
}

/**
 * An admin adds or removes credits with a required reason. Removal may take the balance
 * below zero (the user then owes it); the result carries a warning saying so.
 */
export async function adjustCreditsByAdmin(
  db: Db,
  input: TAdminAdjustmentInput & {
    direction: 'add' | 'remove'
    admin: { id: number; name: string }
  },
): Promise<AdminAdjustmentResult> {
  const adding = input.direction === 'add'
  const entry = await postCreditEntryOnce(db, {
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
  })
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
