import { desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import {
  creditTransactions,
  tokenTransactions,
  topups,
  users,
  type CreditEntryType,
  type Topup,
} from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'
import { PG_INTEGER_MAX, zText } from '#server/lib/validation.ts'

/** One search text for the whole admin area (GET /admin/search?q=…). */
export const ZAdminSearchInput = z.object({
  q: zText({ label: 'Search', min: 1, max: 200 }),
})

/** Rows per group: a search is for finding one thing, not for browsing. */
export const SEARCH_GROUP_LIMIT = 10

export type AdminSearchResults = {
  q: string
  users: { id: number; name: string; email: string; role: 'user' | 'admin'; isActive: boolean }[]
  topups: {
    id: number
    userId: number
    email: string
    purpose: Topup['purpose']
    status: Topup['status']
    amount: Money
    paypalOrderId: string | null
    paypalCaptureId: string | null
    createdAt: Date
  }[]
  creditEntries: {
    id: number
    userId: number
    email: string
    type: CreditEntryType
    amount: Money
    paymentReference: string | null
    idempotencyKey: string | null
    createdAt: Date
  }[]
  tokenEntries: {
    id: number
    userId: number
    email: string
    type: string
    status: string
    tokens: number
    topupId: number | null
    idempotencyKey: string | null
    createdAt: Date
  }[]
  /** Groups that had more than SEARCH_GROUP_LIMIT matches (the rest is not shown). */
  truncated: ('users' | 'topups' | 'creditEntries' | 'tokenEntries')[]
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** "42" or "#42" → 42 when it fits the column; null otherwise. */
function idOf(text: string, max: number): number | null {
  const digits = text.startsWith('#') ? text.slice(1) : text
  if (!/^\d{1,16}$/.test(digits)) return null
  const id = Number(digits)
  return id >= 1 && id <= max ? id : null
}

/**
 * Users by id, email or name; top-ups by id or PayPal order or capture id; ledger entries (both
 * balances) by id, payment reference (a capture id, or a refund id behind "refund:") or
 * idempotency key. Ids and keys match whole; email and name match any part, ignoring case.
 */
export async function searchAdmin(
  db: DbOrTx,
  input: z.input<typeof ZAdminSearchInput>,
): Promise<AdminSearchResults> {
  const { q } = ZAdminSearchInput.parse(input)
  const intId = idOf(q, PG_INTEGER_MAX)
  const bigId = idOf(q, Number.MAX_SAFE_INTEGER)
  // PayPal writes its ids in capitals; an admin may paste them in any case.
  const exact = [...new Set([q, q.toUpperCase()])]
  const pattern = `%${escapeLike(q)}%`
  const take = SEARCH_GROUP_LIMIT + 1

  const userMatch: SQL[] = [ilike(users.email, pattern), ilike(users.name, pattern)]
  if (intId !== null) userMatch.push(eq(users.id, intId))

  const topupMatch: SQL[] = [
    inArray(topups.paypalOrderId, exact),
    inArray(topups.paypalCaptureId, exact),
  ]
  if (intId !== null) topupMatch.push(eq(topups.id, intId))

  const references = exact.flatMap((text) => [text, `refund:${text}`, `chargeback:${text}`])
  const creditMatch: SQL[] = [
    inArray(creditTransactions.paymentReference, references),
    inArray(creditTransactions.idempotencyKey, [q]),
  ]
  if (bigId !== null) creditMatch.push(eq(creditTransactions.id, bigId))

  const tokenMatch: SQL[] = [inArray(tokenTransactions.idempotencyKey, [q])]
  if (bigId !== null) tokenMatch.push(eq(tokenTransactions.id, bigId))

  const [userRows, topupRows, creditRows, tokenRows] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: users.role,
        isActive: users.isActive,
      })
      .from(users)
      .where(or(...userMatch))
      // The exact id first, then the newest accounts.
      .orderBy(desc(eq(users.id, intId ?? 0)), desc(users.id))
      .limit(take),
    db
      .select({ topup: topups, email: users.email })
      .from(topups)
      .innerJoin(users, eq(users.id, topups.userId))
      .where(or(...topupMatch))
      .orderBy(desc(topups.id))
      .limit(take),
    db
      .select({ entry: creditTransactions, email: users.email })
      .from(creditTransactions)
      .innerJoin(users, eq(users.id, creditTransactions.userId))
      .where(or(...creditMatch))
      .orderBy(desc(creditTransactions.id))
      .limit(take),
    db
      .select({ entry: tokenTransactions, email: users.email })
      .from(tokenTransactions)
      .innerJoin(users, eq(users.id, tokenTransactions.userId))
      .where(or(...tokenMatch))
      .orderBy(desc(tokenTransactions.id))
      .limit(take),
  ])

  const truncated: AdminSearchResults['truncated'] = []
  const cut = <T>(group: AdminSearchResults['truncated'][number], rows: T[]): T[] => {
    if (rows.length > SEARCH_GROUP_LIMIT) truncated.push(group)
    return rows.slice(0, SEARCH_GROUP_LIMIT)
  }

  return {
    q,
    users: cut('users', userRows),
    topups: cut('topups', topupRows).map(({ topup, email }) => ({
      id: topup.id,
      userId: topup.userId,
      email,
      purpose: topup.purpose,
      status: topup.status,
      amount: money(topup.amountCents),
      paypalOrderId: topup.paypalOrderId,
      paypalCaptureId: topup.paypalCaptureId,
      createdAt: topup.createdAt,
    })),
    creditEntries: cut('creditEntries', creditRows).map(({ entry, email }) => ({
      id: entry.id,
      userId: entry.userId,
      email,
      type: entry.type,
      amount: money(entry.amountCents),
      paymentReference: entry.paymentReference,
      idempotencyKey: entry.idempotencyKey,
      createdAt: entry.createdAt,
    })),
    tokenEntries: cut('tokenEntries', tokenRows).map(({ entry, email }) => ({
      id: entry.id,
      userId: entry.userId,
      email,
      type: entry.type,
      status: entry.status,
      tokens: entry.tokens,
      topupId: entry.topupId,
      idempotencyKey: entry.idempotencyKey,
      createdAt: entry.createdAt,
    })),
    truncated,
  }
}
