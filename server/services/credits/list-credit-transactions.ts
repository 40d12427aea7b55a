import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions, users } from '#db/schema/index.ts'
import { toEntryView, type CreditEntryView } from './entry-view.ts'
import type { TTransactionsQuery } from './schemas.ts'

export type CreditTransactionsPage = {
  items: CreditEntryView[]
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: number | null
  /** Present when the caller asked for a page number. */
  pagination: { page: number; pageCount: number; totalCount: number; totalIsExact: boolean } | null
}

const admins = alias(users, 'admin_user')

/** Page-number browsing counts at most this many entries (see ZTransactionsQuery.page). */
const COUNT_CAP = 10_000

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

export function historyConditions(
  userId: number,
  query: Omit<TTransactionsQuery, 'cursor' | 'page' | 'limit'>,
): SQL[] {
  const conditions: SQL[] = [eq(creditTransactions.userId, userId)]
  if (query.type?.length) conditions.push(inArray(creditTransactions.type, query.type))
  if (query.from) conditions.push(gte(creditTransactions.createdAt, query.from))
  if (query.to) conditions.push(lt(creditTransactions.createdAt, query.to))
  if (query.minAmount)
    conditions.push(sql`abs(${creditTransactions.amountCents}) >= ${query.minAmount}`)
  if (query.maxAmount)
    conditions.push(sql`abs(${creditTransactions.amountCents}) <= ${query.maxAmount}`)
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`
    conditions.push(
      or(
        ilike(creditTransactions.description, pattern),
        ilike(creditTransactions.reason, pattern),
      )!,
    )
  }
  return conditions
}

/**
 * A user's history, newest first, filtered. Keyset pagination by entry id (`cursor`) for
 * scripts and infinite lists; page numbers (`page`, with a total) for the UI's pager.
 */
export async function listCreditTransactions(
  db: DbOrTx,
  userId: number,
  query: TTransactionsQuery,
): Promise<CreditTransactionsPage> {
  const conditions = historyConditions(userId, query)
  if (query.cursor) conditions.push(lt(creditTransactions.id, query.cursor))
  const offset = query.page ? (query.page - 1) * query.limit : 0

  const rows = await db
    .select({ entry: creditTransactions, adminName: admins.name })
    .from(creditTransactions)
    .leftJoin(admins, eq(admins.id, creditTransactions.adminUserId))
    .where(and(...conditions))
    .orderBy(desc(creditTransactions.id))
    .limit(query.limit + 1)
    .offset(offset)

  const page = rows.slice(0, query.limit)
  let pagination: CreditTransactionsPage['pagination'] = null
  if (query.page) {
    // Counted up to a cap: an exact count of a million-entry history costs more than the page.
    const capped = db
      .select({ one: sql`1` })
      .from(creditTransactions)
      .where(and(...historyConditions(userId, query)))
      .limit(COUNT_CAP + 1)
      .as('capped')
    const [total] = await db.select({ n: count() }).from(capped)
    const counted = total?.n ?? 0
    const totalCount = Math.min(counted, COUNT_CAP)
    pagination = {
      page: query.page,
      pageCount: Math.max(1, Math.ceil(totalCount / query.limit)),
      totalCount,
      totalIsExact: counted <= COUNT_CAP,
    }
  }
  return {
    items: page.map((row) => toEntryView(row.entry, row.adminName)),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.entry.id ?? null) : null,
    pagination,
  }
}
