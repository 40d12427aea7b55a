import { z } from 'zod'
import { CREDIT_ENTRY_TYPES } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { zAmount } from '#server/lib/money-schema.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { SUPPORTED_DATES, zBigId, zInt, zText, ZIdempotencyKey } from '#server/lib/validation.ts'
import { zRangeBoundary } from '#server/services/billing/transaction-schemas.ts'
import { ZUserId } from '#server/services/users/fields.ts'
import { adminAdjustmentBody } from './adjustment-schema.ts'

export { ZIdempotencyKey, ZReason }

/** The server's bounds; the admin page builds the same schema from its public env. */
export const ZAdminAdjustmentBody = adminAdjustmentBody({
  minCents: env.ADMIN_ADJUSTMENT_MIN,
  maxCents: env.ADMIN_ADJUSTMENT_MAX,
})

export const ZAdminAdjustmentInput = ZAdminAdjustmentBody.extend({ userId: ZUserId })
export type TAdminAdjustmentInput = z.output<typeof ZAdminAdjustmentInput>

export const ZCreditEntryType = z.enum(CREDIT_ENTRY_TYPES, {
  error: `Type must be one of: ${CREDIT_ENTRY_TYPES.join(', ')}`,
})

const DATE_MESSAGE = `Enter a date like 2026-11-24 or an ISO date-time, from ${SUPPORTED_DATES.min} to ${SUPPORTED_DATES.max}`

const zOptionalAmount = z.preprocess(
  (value) => (value === '' ? undefined : value),
  zAmount({ min: 1, max: 100_000_000_00 }).optional(),
)

/** History filters, shared by tRPC, REST (query strings) and the CSV export. */
export const ZTransactionsQuery = z
  .object({
    // credit_transactions.id is a bigint.
    cursor: zBigId().optional(),
    // Page numbers are for browsing recent history; older entries are reached by cursor
    // (a deep OFFSET scans everything before it).
    page: zInt({
      min: 1,
      max: 400,
      message: 'Page numbers go from 1 to 400; use the cursor for older entries',
    }).optional(),
    limit: zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(25),
    type: z.preprocess(
      (value) => (value === '' ? undefined : typeof value === 'string' ? [value] : value),
      z.array(ZCreditEntryType).max(20).optional(),
    ),
    from: zRangeBoundary({ end: false, message: DATE_MESSAGE }),
    to: zRangeBoundary({ end: true, message: DATE_MESSAGE }),
    minAmount: zOptionalAmount,
    maxAmount: zOptionalAmount,
    search: z.preprocess(
      (value) => (value === '' ? undefined : value),
      zText({ label: 'Search', max: 200 }).optional(),
    ),
  })
  .refine((q) => !(q.cursor && q.page), {
    message: 'Use either cursor or page, not both',
    path: ['cursor'],
  })
  .refine((q) => !q.minAmount || !q.maxAmount || q.minAmount <= q.maxAmount, {
    message: 'Minimum amount must not exceed maximum amount',
    path: ['minAmount'],
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, {
    message: 'Start date must be before end date',
    path: ['from'],
  })
export type TTransactionsQuery = z.output<typeof ZTransactionsQuery>

/** Reads repeated query-string keys (type=a&type=b) into arrays for the schema. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key)
    out[key] = values.length > 1 ? values : values[0]!
  }
  return out
}
