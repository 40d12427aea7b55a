import { and, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import { TOPUP_STATUSES, topups, users, type Topup, type TopupStatus } from '#db/schema/index.ts'
import { money, type Money } from '#server/lib/money.ts'
import { PG_INTEGER_MAX, zId, zInt, zText } from '#server/lib/validation.ts'

/** What the admin payments page lists by default: everything that needs a human or went wrong. */
export const ATTENTION_STATUSES: TopupStatus[] = [
  'capturing',
  'pending',
  'captured',
  'delivering',
  'review',
  'flagged',
  'failed',
  'refunded',
  'reversed',
]

export const TOPUP_VIEWS = ['attention', 'all'] as const

/**
 * The admin payments list: a view (problem top-ups, or all), optional statuses within it, an
 * optional purpose (credits or tokens), and one search text matched against the user's id and
 * email, the top-up id and the PayPal order and capture ids.
 */
export const ZAdminTopupsQuery = z.object({
  view: z
    .enum(TOPUP_VIEWS, { error: `View must be one of: ${TOPUP_VIEWS.join(', ')}` })
    .default('attention'),
  statuses: z
    .array(z.enum(TOPUP_STATUSES, { error: `Status must be one of: ${TOPUP_STATUSES.join(', ')}` }))
    .max(20)
    .optional(),
  purpose: z
    .enum(['custom_credits', 'virtfusion_tokens'], {
      error: 'Purpose must be custom_credits or virtfusion_tokens',
    })
    .optional(),
  q: zText({ label: 'Search', max: 200 }).optional(),
  cursor: zId().optional(),
  limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(50),
})
export type AdminTopupsQuery = z.input<typeof ZAdminTopupsQuery>

export type AdminTopupView = {
  id: number
  user: { id: number; name: string; email: string }
  purpose: Topup['purpose']
  status: Topup['status']
  amount: Money
  /** Refunded or reversed at PayPal so far (the sum of the top-up's refund records). */
  refunded: Money
  tokens: number | null
  paypalOrderId: string | null
  paypalCaptureId: string | null
  failureReason: string | null
  lastDeliveryError: string | null
  deliveryAttempts: number
  virtfusionCreditId: number | null
  createdAt: Date
  updatedAt: Date
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * What one search text can mean: digits are a user id or a top-up id ("#12" only a top-up
 * id); anything is a part of an email or a whole PayPal order or capture id (PayPal writes
 * them in capitals; admins paste them in any case).
 */
export function topupSearchCondition(text: string): SQL {
  const q = text.trim()
  const topupOnly = /^#\d{1,10}$/.test(q)
  const digits = topupOnly ? q.slice(1) : q
  const id = /^\d{1,10}$/.test(digits) ? Number(digits) : null
  const inIntRange = id !== null && id >= 1 && id <= PG_INTEGER_MAX
  const paypalId = q.toUpperCase()
  const conditions: SQL[] = [
    eq(topups.paypalOrderId, paypalId),
    eq(topups.paypalCaptureId, paypalId),
    ilike(users.email, `%${escapeLike(q)}%`),
  ]
  if (inIntRange) {
    conditions.push(eq(topups.id, id))
    if (!topupOnly) conditions.push(eq(topups.userId, id))
  }
  return or(...conditions)!
}

function toView(topup: Topup, user: AdminTopupView['user']): AdminTopupView {
  return {
    id: topup.id,
    user,
    purpose: topup.purpose,
    status: topup.status,
    amount: money(topup.amountCents),
    refunded: money(topup.refundedCents),
    tokens: topup.tokens,
    paypalOrderId: topup.paypalOrderId,
    paypalCaptureId: topup.paypalCaptureId,
    failureReason: topup.failureReason,
    lastDeliveryError: topup.lastDeliveryError,
    deliveryAttempts: topup.deliveryAttempts,
    virtfusionCreditId: topup.virtfusionCreditId,
    createdAt: topup.createdAt,
    updatedAt: topup.updatedAt,
  }
}

/** Both balances' top-ups, newest first, keyset-paginated by id. */
export async function listTopupsForAdmin(
  db: DbOrTx,
  input: z.output<typeof ZAdminTopupsQuery> | AdminTopupsQuery,
): Promise<{ items: AdminTopupView[]; nextCursor: number | null }> {
  const query = ZAdminTopupsQuery.parse(input)
  const statuses = query.statuses?.length
    ? query.statuses
    : query.view === 'attention'
      ? ATTENTION_STATUSES
      : null
  const rows = await db
    .select({ topup: topups, user: { id: users.id, name: users.name, email: users.email } })
    .from(topups)
    .innerJoin(users, eq(users.id, topups.userId))
    .where(
      and(
        statuses ? inArray(topups.status, statuses) : undefined,
        query.purpose ? eq(topups.purpose, query.purpose) : undefined,
        query.q ? topupSearchCondition(query.q) : undefined,
        query.cursor ? lt(topups.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(topups.id))
    .limit(query.limit + 1)
  const page = rows.slice(0, query.limit)
  return {
    items: page.map(({ topup, user }) => toView(topup, user)),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.topup.id ?? null) : null,
  }
}
