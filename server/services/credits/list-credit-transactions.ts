import {
  and,
  count,
  desc,
  eq,
  getTableColumns,
  gte,
  ilike,
  inArray,
  lt,
  or,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions, users, type CreditTransaction } from '#db/schema/index.ts'
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

/** The columns the filters read: of the table, or of a subquery selecting its rows. */
type FilterColumns = Record<
  'userId' | 'type' | 'createdAt' | 'amountCents' | 'description' | 'reason',
  AnyColumn
>

export function historyConditions(
  userId: number,
  query: Omit<TTransactionsQuery, 'cursor' | 'page' | 'limit'>,
  t: FilterColumns = creditTransactions,
): SQL[] {
  const conditions: SQL[] = [eq(t.userId, userId)]
  if (query.type?.length) conditions.push(inArray(t.type, query.type))
  if (query.from) conditions.push(gte(t.createdAt, query.from))
  if (query.to) conditions.push(lt(t.createdAt, query.to))
  if (query.minAmount) conditions.push(sql`abs(${t.amountCents}) >= ${query.minAmount}`)
  if (query.maxAmount) conditions.push(sql`abs(${t.amountCents}) <= ${query.maxAmount}`)
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`
    conditions.push(or(ilike(t.description, pattern), ilike(t.reason, pattern))!)
  }
  return conditions
}

/**
 * A text search reads this many of the user's newest entries (before the cursor) first.
 *
 * Left to itself, PostgreSQL answers `search` one of two ways: walk the user's entries newest
 * first and stop at the page's last match, or read every match through the trigram indexes and
 * sort them. Which one depends on its estimate of how many entries match, taken from a
 * 100-value histogram of a random sample: for a word in 1% of 1,000,000 entries the estimate was
 * 65 rows in 7 of 20 ANALYZE runs (6,600–26,000 in the others), and with 65 it read all 10,000
 * matches (32–46 ms) instead of ~2,600 entries (bench/README.md, 3.). So the walk is bounded
 * and explicit: the newest SEARCH_WINDOW entries, filtered; only when they hold fewer matches
 * than the page needs are the older ones read, through the indexes, all of them and sorted
 * (then there are few: fewer than the page in SEARCH_WINDOW entries).
 */
export const SEARCH_WINDOW = 4_000

type Row = { entry: CreditTransaction; adminName: string | null }

/**
 * The first `wanted` entries that match, newest first (a page and one more, after `skip`):
 * the same rows as one query over the whole history, read as SEARCH_WINDOW explains.
 */
async function searchRows(
  db: DbOrTx,
  userId: number,
  query: TTransactionsQuery,
  wanted: number,
): Promise<Row[]> {
  const before = query.cursor ? lt(creditTransactions.id, query.cursor) : undefined
  const ofUser = and(eq(creditTransactions.userId, userId), before)
  // ORDER BY and LIMIT inside: the planner cannot push the search below them into an index.
  const recent = db
    .select()
    .from(creditTransactions)
    .where(ofUser)
    .orderBy(desc(creditTransactions.id))
    .limit(SEARCH_WINDOW)
    .as('recent')
  // Every column of the entry, read from the subquery (`recent.x`, not `credit_transactions.x`).
  const entry = Object.fromEntries(
    Object.keys(getTableColumns(creditTransactions)).map((key) => [
      key,
      recent[key as keyof typeof recent._.selectedFields],
    ]),
  ) as typeof recent._.selectedFields
  const inWindow = await db
    .select({ entry, adminName: admins.name })
    .from(recent)
    .leftJoin(admins, eq(admins.id, recent.adminUserId))
    .where(and(...historyConditions(userId, query, recent)))
    .orderBy(desc(recent.id))
    .limit(wanted)
  if (inWindow.length >= wanted) return inWindow

  // The window's oldest entry: older ones exist only if it was full.
  const [edge] = await db
    .select({ id: creditTransactions.id })
    .from(creditTransactions)
    .where(ofUser)
    .orderBy(desc(creditTransactions.id))
    .offset(SEARCH_WINDOW - 1)
    .limit(1)
  if (!edge) return inWindow
  const older = await db
    .select({ entry: creditTransactions, adminName: admins.name })
    .from(creditTransactions)
    .leftJoin(admins, eq(admins.id, creditTransactions.adminUserId))
    .where(and(...historyConditions(userId, query), lt(creditTransactions.id, edge.id)))
    // `id + 0`: no index yields this order, so the planner cannot choose to walk the user's
    // whole older history looking for matches it expects to find early; it reads the matches.
    .orderBy(sql`${creditTransactions.id} + 0 desc`)
    .limit(wanted)
  // An entry appended between the window's query and the edge's moves the edge one entry
  // newer, so the window's oldest entries can come back here (the journal only grows, so
  // nothing can be missed): each once.
  const shown = new Set(inWindow.map((row) => row.entry.id))
  return [...inWindow, ...older.filter((row) => !shown.has(row.entry.id))].slice(0, wanted)
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
  const wanted = offset + query.limit + 1

  const rows =
    query.search && wanted <= SEARCH_WINDOW
      ? (await searchRows(db, userId, query, wanted)).slice(offset)
      : await db
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
