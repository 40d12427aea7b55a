import { and, desc, eq, ilike, lt, or, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { userCredits, users, virtfusionBalances } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'
import { toPublicUser, type PublicUser } from './public-user.ts'
import type { ZListUsersInput } from './schemas.ts'
import type { z } from 'zod'

/**
 * Both balances as the list shows them (ADR 022): custom credits from our ledger, tokens as
 * VirtFusion last reported them with the time of that reading (null when never read since the
 * last change): the list never calls VirtFusion, the user's tokens tab reads it live.
 */
export type UserListItem = PublicUser & {
  credits: Money
  tokens: { count: number; fetchedAt: Date } | null
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Newest first, keyset-paginated by id. */
export async function listUsers(
  db: DbOrTx,
  input: z.output<typeof ZListUsersInput>,
): Promise<{ items: UserListItem[]; nextCursor: number | null }> {
  const conditions: SQL[] = []
  if (input.search) {
    const pattern = `%${escapeLike(input.search)}%`
    conditions.push(or(ilike(users.email, pattern), ilike(users.name, pattern))!)
  }
  if (input.cursor) conditions.push(lt(users.id, input.cursor))
  const rows = await db
    .select({
      user: users,
      creditsCents: userCredits.balanceCents,
      tokens: virtfusionBalances.tokens,
      tokensFetchedAt: virtfusionBalances.fetchedAt,
    })
    .from(users)
    .leftJoin(userCredits, eq(userCredits.userId, users.id))
    .leftJoin(virtfusionBalances, eq(virtfusionBalances.userId, users.id))
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(users.id))
    .limit(input.limit + 1)
  const page = rows.slice(0, input.limit)
  return {
    items: page.map((row) => ({
      ...toPublicUser(row.user),
      credits: money(row.creditsCents ?? 0),
      tokens:
        row.tokens !== null && row.tokensFetchedAt !== null
          ? { count: row.tokens, fetchedAt: row.tokensFetchedAt }
          : null,
    })),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.user.id ?? null) : null,
  }
}
