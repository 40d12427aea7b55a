import { sql, type SQL } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import {
  creditTransactions,
  products,
  serviceCharges,
  services,
  topupPurpose,
  topups,
  userCredits,
  users,
  type CreditEntryType,
  type Topup,
  type TopupStatus,
} from '#db/schema/index.ts'
import { assertRange, DAY_MS, dayOf, resolveRange, startOfDay, type ReportRange } from './range.ts'

/**
 * The admin reports (ADR 003: integer cents only). Every sum and count is read from
 * PostgreSQL as text and turned into a safe integer here, never through a float cast; days
 * and months are UTC whatever the session time zone.
 */

export type TopupPurpose = Topup['purpose']
export const TOPUP_PURPOSES: readonly TopupPurpose[] = topupPurpose.enumValues

/** Top-ups that went wrong or gave money back (partial refunds are listed too). */
export const PROBLEM_TOPUP_STATUSES = [
  'failed',
  'flagged',
  'refunded',
  'reversed',
  'review',
] as const satisfies readonly TopupStatus[]
export type ProblemTopupStatus = (typeof PROBLEM_TOPUP_STATUSES)[number]

/** Ledger entries that spend custom credits. */
export const SPEND_ENTRY_TYPES = [
  'dns_plan_purchase',
  'dns_plan_renewal',
  'dns_plan_upgrade',
  'service_purchase',
  'service_setup_fee',
  'service_renewal',
  'service_upgrade',
] as const satisfies readonly CreditEntryType[]

export type TopupsPerDayRow = {
  day: string
  purpose: TopupPurpose
  count: number
  amountCents: number
}
export type CreditsSpentPerDayRow = { day: string; amountCents: number }
export type CreditsOutstanding = {
  totalCents: number
  positiveCents: number
  owedCents: number
  usersWithBalance: number
  usersOwing: number
}
export type DnsRevenuePerMonthRow = { month: string; planName: string; amountCents: number }
export type SubscriptionsByPlanRow = { planName: string; active: number; pastDue: number }
export type ProblemPaymentRow = {
  id: number
  /** The UTC day of the last status change (when it failed, was flagged or was refunded). */
  day: string
  userId: number
  userEmail: string
  purpose: TopupPurpose
  status: ProblemTopupStatus
  amountCents: number
  refundedCents: number
  reason: string | null
}

export type Reports = {
  /** The window as 'YYYY-MM-DD' days, `to` exclusive. */
  range: { from: string; to: string }
  topupsPerDay: TopupsPerDayRow[]
  creditsSpentPerDay: CreditsSpentPerDayRow[]
  creditsOutstanding: CreditsOutstanding
  dnsRevenuePerMonth: DnsRevenuePerMonthRow[]
  activeSubscriptionsByPlan: SubscriptionsByPlanRow[]
  failedAndRefundedPayments: ProblemPaymentRow[]
}

/* Reading numbers ------------------------------------------------------------------------- */

const INTEGER_TEXT = /^-?\d+$/

/** A bigint/numeric sum or count, read as text, as a safe integer (0 for NULL). */
export function integerFromText(text: string | null | undefined): number {
  if (text === null || text === undefined) return 0
  if (!INTEGER_TEXT.test(text))
    throw new Error(`Expected an integer from the database, got ${text}`)
  const result = Number(text)
  if (!Number.isSafeInteger(result)) throw new Error(`Integer out of the safe range: ${text}`)
  return result
}

/** Every column a report query selects is text (sums and counts cast with ::text). */
type Row = Record<string, string | null>

async function rows(db: DbOrTx, query: SQL): Promise<Row[]> {
  return [...(await db.execute<Row>(query))]
}

const utcDay = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD')`
const utcMonth = (column: unknown) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM')`
const instant = (date: Date) => sql`${date.toISOString()}::timestamptz`
const within = (column: unknown, range: ReportRange) =>
  sql`${column} >= ${instant(range.from)} and ${column} < ${instant(range.to)}`
const textList = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )

/** Every UTC day the range touches, in order. */
export function daysOf(range: ReportRange): string[] {
  const days: string[] = []
  for (let t = startOfDay(range.from).getTime(); t < range.to.getTime(); t += DAY_MS)
    days.push(dayOf(new Date(t)))
  return days
}

/* The reports ----------------------------------------------------------------------------- */

/** Completed top-ups per UTC day of completion and purpose; every day and purpose present. */
export async function topupsPerDay(db: DbOrTx, range: ReportRange): Promise<TopupsPerDayRow[]> {
  const found = await rows(
    db,
    sql`select ${utcDay(topups.completedAt)} as day, ${topups.purpose}::text as purpose,
               count(*)::text as count, sum(${topups.amountCents})::text as amount
          from ${topups}
         where ${topups.completedAt} is not null
           and ${within(topups.completedAt, range)}
         group by 1, 2`,
  )
  const byKey = new Map(found.map((row) => [`${row.day}|${row.purpose}`, row]))
  return daysOf(range).flatMap((day) =>
    TOPUP_PURPOSES.map((purpose) => {
      const row = byKey.get(`${day}|${purpose}`)
      return {
        day,
        purpose,
        count: integerFromText(row?.count),
        amountCents: integerFromText(row?.amount),
      }
    }),
  )
}

/** Custom credits spent (DNS purchases, renewals, upgrades) per UTC day; every day present. */
export async function creditsSpentPerDay(
  db: DbOrTx,
  range: ReportRange,
): Promise<CreditsSpentPerDayRow[]> {
  const found = await rows(
    db,
    sql`select ${utcDay(creditTransactions.createdAt)} as day,
               sum(-${creditTransactions.amountCents})::text as amount
          from ${creditTransactions}
         where ${creditTransactions.type}::text in (${textList(SPEND_ENTRY_TYPES)})
           and ${within(creditTransactions.createdAt, range)}
         group by 1`,
  )
  const byDay = new Map(found.map((row) => [row.day, row]))
  return daysOf(range).map((day) => ({
    day,
    amountCents: integerFromText(byDay.get(day)?.amount),
  }))
}

/** Every wallet's balance right now: what users hold and what they owe. */
export async function creditsOutstanding(db: DbOrTx): Promise<CreditsOutstanding> {
  const balance = userCredits.balanceCents
  const [row] = await rows(
    db,
    sql`select coalesce(sum(${balance}), 0)::text as total,
               coalesce(sum(${balance}) filter (where ${balance} > 0), 0)::text as positive,
               coalesce(-sum(${balance}) filter (where ${balance} < 0), 0)::text as owed,
               count(*) filter (where ${balance} > 0)::text as with_balance,
               count(*) filter (where ${balance} < 0)::text as owing
          from ${userCredits}`,
  )
  return {
    totalCents: integerFromText(row?.total),
    positiveCents: integerFromText(row?.positive),
    owedCents: integerFromText(row?.owed),
    usersWithBalance: integerFromText(row?.with_balance),
    usersOwing: integerFromText(row?.owing),
  }
}

/** DNS plan charges per UTC month of the charge and plan (the plan charged for). */
export async function dnsRevenuePerMonth(
  db: DbOrTx,
  range: ReportRange,
): Promise<DnsRevenuePerMonthRow[]> {
  const found = await rows(
    db,
    sql`select ${utcMonth(serviceCharges.createdAt)} as month, ${products.name} as plan_name,
               sum(${serviceCharges.amountCents})::text as amount
          from ${serviceCharges}
          join ${products} on ${products.id} = ${serviceCharges.productId}
         where ${within(serviceCharges.createdAt, range)} and ${products.family} = 'dns'
         group by 1, ${products.id}
         order by 1, min(${products.displayOrder}), 2`,
  )
  return found.map((row) => ({
    month: row.month!,
    planName: row.plan_name!,
    amountCents: integerFromText(row.amount),
  }))
}

/** Live subscriptions per plan right now; every active plan listed, retired ones only while used. */
export async function activeSubscriptionsByPlan(db: DbOrTx): Promise<SubscriptionsByPlanRow[]> {
  const s = services
  // The DNS view of the engine's statuses: pending counts as active, suspended as past due.
  const found = await rows(
    db,
    sql`select ${products.name} as plan_name,
               count(${s.id}) filter (where ${s.status} in ('pending', 'active'))::text as active,
               count(${s.id}) filter (where ${s.status} in ('past_due', 'suspended'))::text as past_due
          from ${products}
          left join ${s} on ${s.productId} = ${products.id}
               and ${s.status} in ('pending', 'active', 'past_due', 'suspended')
         where ${products.family} = 'dns'
         group by ${products.id}
        having ${products.visibility} = 'active' or count(${s.id}) > 0
         order by ${products.displayOrder}, ${products.name}`,
  )
  return found.map((row) => ({
    planName: row.plan_name!,
    active: integerFromText(row.active),
    pastDue: integerFromText(row.past_due),
  }))
}

/** Failed, flagged, in-review and refunded/reversed top-ups whose last change is in range, newest first. */
export async function failedAndRefundedPayments(
  db: DbOrTx,
  range: ReportRange,
): Promise<ProblemPaymentRow[]> {
  const found = await rows(
    db,
    sql`select ${topups.id}::text as id, ${utcDay(topups.updatedAt)} as day, ${users.id}::text as user_id,
               ${users.email} as email, ${topups.purpose}::text as purpose,
               ${topups.status}::text as status, ${topups.amountCents}::text as amount,
               ${topups.refundedCents}::text as refunded, ${topups.failureReason} as reason
          from ${topups}
          join ${users} on ${users.id} = ${topups.userId}
         where (${topups.status}::text in (${textList(PROBLEM_TOPUP_STATUSES)}) or ${topups.refundedCents} > 0)
           and ${within(topups.updatedAt, range)}
         order by ${topups.updatedAt} desc, ${topups.id} desc`,
  )
  return found.map((row) => ({
    id: integerFromText(row.id),
    day: row.day!,
    userId: integerFromText(row.user_id),
    userEmail: row.email!,
    purpose: row.purpose as TopupPurpose,
    status: row.status as ProblemTopupStatus,
    amountCents: integerFromText(row.amount),
    refundedCents: integerFromText(row.refunded),
    reason: row.reason ?? null,
  }))
}

/**
 * All admin reports for a window (`to` exclusive, at most 366 days; by default the last 30
 * days including today). Credits outstanding and live subscriptions are as of now.
 */
export async function buildReports(
  db: DbOrTx,
  input: { from?: Date; to?: Date; now?: Date } = {},
): Promise<Reports> {
  const range = resolveRange(input, input.now)
  assertRange(range)
  // One after another: a report load takes one pooled connection, not six.
  const topups = await topupsPerDay(db, range)
  const spent = await creditsSpentPerDay(db, range)
  const outstanding = await creditsOutstanding(db)
  const revenue = await dnsRevenuePerMonth(db, range)
  const subscriptions = await activeSubscriptionsByPlan(db)
  const problems = await failedAndRefundedPayments(db, range)
  return {
    range: { from: dayOf(range.from), to: dayOf(range.to) },
    topupsPerDay: topups,
    creditsSpentPerDay: spent,
    creditsOutstanding: outstanding,
    dnsRevenuePerMonth: revenue,
    activeSubscriptionsByPlan: subscriptions,
    failedAndRefundedPayments: problems,
  }
}
