import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { creditTransactions, tokenTransactions } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'
import { integerFromText } from '#server/services/reports/build-reports.ts'
import {
  CREDIT_TYPES,
  TOKEN_TYPES,
  TRANSACTION_TYPE_LABELS,
  type TransactionType,
  type TTransactionFilters,
  type TTransactionListQuery,
} from './transaction-schemas.ts'

type TokenStatus = (typeof tokenTransactions.status.enumValues)[number]

type Common = {
  /** Unique across both ledgers ("credits-12", "tokens-7"): ids of the two tables overlap. */
  key: string
  id: number
  type: TransactionType
  typeLabel: string
  description: string
  reason: string | null
  createdAt: Date
}
/** One entry of either balance: a custom-credit ledger entry or a VirtFusion token movement. */
export type TransactionView =
  | (Common & { balance: 'credits'; amount: Money; balanceAfter: Money })
  | (Common & { balance: 'tokens'; tokens: number; status: TokenStatus })

/** Where a keyset page ends: the last entry's time (µs since the epoch), ledger and id. */
export type TransactionCursor = { micros: number; balance: 'credits' | 'tokens'; id: number }

export type TransactionsPage = {
  items: TransactionView[]
  pagination: { page: number; pageCount: number; totalCount: number; totalIsExact: boolean }
}

/** Page numbers count at most this many entries (an exact count of a huge history costs more). */
const COUNT_CAP = 10_000

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`)

type Ledger = {
  balance: 'credits' | 'tokens'
  table: typeof creditTransactions | typeof tokenTransactions
  types: readonly string[]
  /** amount (cents or tokens), balance after (credits only), status (tokens only), as text. */
  columns: SQL
}

const LEDGERS: Ledger[] = [
  {
    balance: 'credits',
    table: creditTransactions,
    types: CREDIT_TYPES,
    columns: sql`${creditTransactions.amountCents}::text as amount, ${creditTransactions.balanceAfterCents}::text as balance_after, null::text as status`,
  },
  {
    balance: 'tokens',
    table: tokenTransactions,
    types: TOKEN_TYPES,
    columns: sql`${tokenTransactions.tokens}::text as amount, null::text as balance_after, ${tokenTransactions.status}::text as status`,
  },
]

const micros = (column: unknown) => sql`(extract(epoch from ${column}) * 1000000)::bigint`

/** One ledger's filtered rows, or null when the filters exclude that ledger entirely. */
function ledgerSelect(
  ledger: Ledger,
  userId: number,
  filters: Partial<TTransactionFilters>,
  after: TransactionCursor | undefined,
  columns: 'view' | 'count',
): SQL | null {
  const { table } = ledger
  if (filters.balance && filters.balance !== 'all' && filters.balance !== ledger.balance)
    return null
  const types = filters.type?.filter((type) => ledger.types.includes(type))
  if (types && types.length === 0) return null

  const where: SQL[] = [sql`${table.userId} = ${userId}`]
  if (types)
    where.push(
      sql`${table.type}::text in (${sql.join(
        types.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    )
  if (filters.from)
    where.push(sql`${table.createdAt} >= ${filters.from.toISOString()}::timestamptz`)
  if (filters.to) where.push(sql`${table.createdAt} < ${filters.to.toISOString()}::timestamptz`)
  if (filters.search) {
    const pattern = `%${escapeLike(filters.search)}%`
    where.push(sql`(${table.description} ilike ${pattern} or ${table.reason} ilike ${pattern})`)
  }
  if (after) {
    // Newest first by (time, ledger, id): the next page is everything strictly after the cursor.
    where.push(
      sql`(${micros(table.createdAt)}, ${ledger.balance}::text, ${table.id}) < (${after.micros}::bigint, ${after.balance}::text, ${after.id}::bigint)`,
    )
  }
  const select =
    columns === 'count'
      ? sql`select 1`
      : sql`select ${ledger.balance}::text as balance, ${table.id}::text as id, ${table.type}::text as type,
          ${table.description} as description, ${table.reason} as reason,
          ${micros(table.createdAt)}::text as micros, ${ledger.columns}`
  return sql`${select} from ${table} where ${sql.join(where, sql` and `)}`
}

function union(parts: (SQL | null)[]): SQL | null {
  const present = parts.filter((part): part is SQL => part !== null)
  return present.length === 0 ? null : sql.join(present, sql` union all `)
}

type Row = Record<
  | 'balance'
  | 'id'
  | 'type'
  | 'description'
  | 'reason'
  | 'micros'
  | 'amount'
  | 'balance_after'
  | 'status',
  string | null
>

function toView(row: Row): TransactionView {
  const type = row.type as TransactionType
  const micros = integerFromText(row.micros)
  const common = {
    key: `${row.balance}-${row.id}`,
    id: integerFromText(row.id),
    type,
    typeLabel: TRANSACTION_TYPE_LABELS[type],
    description: row.description ?? '',
    reason: row.reason,
    createdAt: new Date(Math.floor(micros / 1000)),
  }
  return row.balance === 'credits'
    ? {
        ...common,
        balance: 'credits',
        amount: money(integerFromText(row.amount)),
        balanceAfter: money(integerFromText(row.balance_after)),
      }
    : {
        ...common,
        balance: 'tokens',
        tokens: integerFromText(row.amount),
        status: row.status as TokenStatus,
      }
}

/**
 * Both ledgers of a user, newest first, filtered; `after` continues from a cursor (exports),
 * `offset` skips whole pages (the view's pager). Returns the rows and the cursor after them.
 */
export async function queryTransactions(
  db: DbOrTx,
  userId: number,
  filters: Partial<TTransactionFilters>,
  window: { limit: number; offset?: number; after?: TransactionCursor },
): Promise<{ items: TransactionView[]; next: TransactionCursor | null }> {
  const all = union(LEDGERS.map((l) => ledgerSelect(l, userId, filters, window.after, 'view')))
  if (!all) return { items: [], next: null }
  const rows = [
    ...(await db.execute<Row>(
      sql`select * from (${all}) entries order by micros::bigint desc, balance desc, id::bigint desc
          limit ${window.limit + 1} offset ${window.offset ?? 0}`,
    )),
  ]
  const page = rows.slice(0, window.limit)
  const last = page.at(-1)
  const next =
    rows.length > window.limit && last
      ? {
          micros: integerFromText(last.micros),
          balance: last.balance as TransactionCursor['balance'],
          id: integerFromText(last.id),
        }
      : null
  return { items: page.map(toView), next }
}

/** Entries matching the filters, counted up to COUNT_CAP (+1 to tell "more than"). */
async function countTransactions(
  db: DbOrTx,
  userId: number,
  filters: TTransactionFilters,
): Promise<number> {
  const all = union(LEDGERS.map((l) => ledgerSelect(l, userId, filters, undefined, 'count')))
  if (!all) return 0
  const [row] = await db.execute<{ n: string }>(
    sql`select count(*)::text as n from (select 1 from (${all}) entries limit ${COUNT_CAP + 1}) capped`,
  )
  return integerFromText(row?.n)
}

/** One page of the unified history (custom credits and VirtFusion tokens together). */
export async function listTransactions(
  db: DbOrTx,
  userId: number,
  query: TTransactionListQuery,
): Promise<TransactionsPage> {
  const { page, limit, ...filters } = query
  const [{ items }, counted] = await Promise.all([
    queryTransactions(db, userId, filters, { limit, offset: (page - 1) * limit }),
    countTransactions(db, userId, filters),
  ])
  const totalCount = Math.min(counted, COUNT_CAP)
  return {
    items,
    pagination: {
      page,
      pageCount: Math.max(1, Math.ceil(totalCount / limit)),
      totalCount,
      totalIsExact: counted <= COUNT_CAP,
    },
  }
}
