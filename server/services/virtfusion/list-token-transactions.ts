import { and, desc, eq, lt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { tokenTransactions, type TokenTransaction } from '#db/schema/index.ts'

export type TokenEntryView = Pick<
  TokenTransaction,
  | 'id'
  | 'type'
  | 'tokens'
  | 'status'
  | 'description'
  | 'reason'
  | 'topupId'
  | 'virtfusionCreditId'
  | 'createdAt'
>

/** Our record of a user's token movements, newest first, keyset-paginated. */
export async function listTokenTransactions(
  db: DbOrTx,
  userId: number,
  input: { cursor?: number; limit: number },
): Promise<{ items: TokenEntryView[]; nextCursor: number | null }> {
  const rows = await db
    .select({
      id: tokenTransactions.id,
      type: tokenTransactions.type,
      tokens: tokenTransactions.tokens,
      status: tokenTransactions.status,
      description: tokenTransactions.description,
      reason: tokenTransactions.reason,
      topupId: tokenTransactions.topupId,
      virtfusionCreditId: tokenTransactions.virtfusionCreditId,
      createdAt: tokenTransactions.createdAt,
    })
    .from(tokenTransactions)
    .where(
      and(
        eq(tokenTransactions.userId, userId),
        input.cursor ? lt(tokenTransactions.id, input.cursor) : undefined,
      ),
    )
    .orderBy(desc(tokenTransactions.id))
    .limit(input.limit + 1)
  const items = rows.slice(0, input.limit)
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null }
}
