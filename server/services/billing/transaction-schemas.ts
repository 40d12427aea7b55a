import { z } from 'zod'
import { CREDIT_ENTRY_TYPES, tokenEntryType } from '#db/schema/index.ts'
import {
  endOfRange,
  isCalendarDateText,
  parseInstant,
  SUPPORTED_DATES,
  zInt,
  zText,
} from '#server/lib/validation.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export const TRANSACTION_BALANCES = ['all', 'credits', 'tokens'] as const
export type TransactionBalance = (typeof TRANSACTION_BALANCES)[number]

export const CREDIT_TYPES = CREDIT_ENTRY_TYPES
export const TOKEN_TYPES = tokenEntryType.enumValues

/** Every entry type of either balance, with the words the filter and the table use. */
export const TRANSACTION_TYPE_LABELS = {
  purchase: 'Purchase',
  admin_add: 'Added by admin',
  admin_remove: 'Removed by admin',
  admin_cancel: 'Cancelled by admin',
  dns_plan_purchase: 'DNS plan purchase',
  dns_plan_renewal: 'DNS plan renewal',
  dns_plan_upgrade: 'DNS plan upgrade',
  service_purchase: 'Service purchase',
  service_setup_fee: 'Service setup fee',
  service_renewal: 'Service renewal',
  service_upgrade: 'Service upgrade',
  service_refund: 'Service refund',
  refund: 'Refund',
  chargeback: 'Chargeback',
} as const satisfies Record<(typeof CREDIT_TYPES)[number] | (typeof TOKEN_TYPES)[number], string>
export type TransactionType = keyof typeof TRANSACTION_TYPE_LABELS
export const TRANSACTION_TYPES = Object.keys(TRANSACTION_TYPE_LABELS) as [
  TransactionType,
  ...TransactionType[],
]

const blankIsMissing = (value: unknown) =>
  value === '' || (typeof value === 'string' && value.trim() === '') ? undefined : value

const DATE_MESSAGE = `Enter a date like 2026-11-24, from ${SUPPORTED_DATES.min} to ${SUPPORTED_DATES.max}`
/**
 * An optional date, ISO date-time or Date bounding a history range (blank is missing); a bare
 * date as the upper bound means "through the end of that day". The credits-only history uses
 * it too, with its own message.
 */
export const zRangeBoundary = ({
  end,
  message = DATE_MESSAGE,
}: {
  end: boolean
  message?: string
}) =>
  z.preprocess(
    blankIsMissing,
    z
      .union([z.string().trim().max(40), z.date()], { error: message })
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined
        const date = parseInstant(value)
        if (!date) {
          ctx.addIssue({ code: 'custom', message })
          return z.NEVER
        }
        if (!end || typeof value !== 'string' || !isCalendarDateText(value)) return date
        // The supported range's last day ends within it, not at a midnight PostgreSQL cannot parse.
        return new Date(Math.min(date.getTime() + DAY_MS, endOfRange().getTime()))
      }),
  )

const filterShape = {
  balance: z.preprocess(
    blankIsMissing,
    z
      .enum(TRANSACTION_BALANCES, { error: 'Balance must be all, credits or tokens' })
      .default('all'),
  ),
  type: z.preprocess(
    (value) => {
      const present = blankIsMissing(value)
      return typeof present === 'string' ? [present] : present
    },
    z
      .array(z.enum(TRANSACTION_TYPES, { error: 'Choose a type from the list' }))
      .max(20, 'Choose at most 20 types')
      .optional(),
  ),
  from: zRangeBoundary({ end: false }),
  to: zRangeBoundary({ end: true }),
  search: z.preprocess(blankIsMissing, zText({ label: 'Search', max: 200 }).optional()),
}

type FilterPayload = { value: unknown; issues: readonly { path?: PropertyKey[] }[] }
/** Cross-field checks still run when another field failed, so every problem is reported at once. */
const unlessFailed =
  (...keys: string[]) =>
  (payload: FilterPayload) =>
    !payload.issues.some((issue) => keys.includes(String(issue.path?.[0])))

function withRangeCheck<T extends z.ZodRawShape & typeof filterShape>(shape: T) {
  return z
    .object(shape)
    .refine((q: { from?: Date; to?: Date }) => !q.from || !q.to || q.from < q.to, {
      message: 'The start date must be before the end date',
      path: ['from'],
      when: unlessFailed('from', 'to'),
    })
}

/** The filters of the Transactions view and its CSV export (URL query text or tRPC input). */
export const ZTransactionFilters = withRangeCheck(filterShape)
export type TTransactionFilters = z.output<typeof ZTransactionFilters>

export const PAGE_MAX = 400
/** One page of the unified history (page numbers: the view's pager). */
export const ZTransactionListQuery = withRangeCheck({
  ...filterShape,
  page: z.preprocess(
    blankIsMissing,
    zInt({ min: 1, max: PAGE_MAX, message: `Page numbers go from 1 to ${PAGE_MAX}` }).default(1),
  ),
  limit: z.preprocess(
    blankIsMissing,
    zInt({ min: 1, max: 100, message: 'Limit must be 1 to 100' }).default(25),
  ),
})
export type TTransactionListQuery = z.output<typeof ZTransactionListQuery>
