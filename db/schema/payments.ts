import { sql } from 'drizzle-orm'
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { creditTransactions } from './credits.ts'
import { users } from './users.ts'

export const topupPurpose = pgEnum('topup_purpose', ['custom_credits', 'virtfusion_tokens'])

/**
 * created     order created at PayPal, waiting for the buyer and our capture
 * capturing   one request holds the capture claim (others wait for its result)
 * pending     PayPal captured with status PENDING; the webhook completes it
 * captured    money captured; tokens waiting for delivery to VirtFusion
 * delivering  a delivery call to VirtFusion is in flight
 * completed   credits posted / tokens delivered
 * review      delivery outcome unknown (timeout): an admin checks VirtFusion, then retries
 * flagged     PayPal's answer did not match our record (amount, currency, id): no credit
 * failed      never paid (declined, expired, PayPal refused the order)
 * refunded / reversed   money returned to the buyer; credits compensated, tokens cancelled
 */
export const TOPUP_STATUSES = [
  'created',
  'capturing',
  'pending',
  'captured',
  'delivering',
  'completed',
  'review',
  'flagged',
  'failed',
  'refunded',
  'reversed',
] as const
export type TopupStatus = (typeof TOPUP_STATUSES)[number]
export const topupStatus = pgEnum('topup_status', TOPUP_STATUSES)

export const topups = pgTable(
  'topups',
  {
    // Integer: VirtFusion's reference_1 (our top-up id) is an integer field.
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    purpose: topupPurpose().notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    currency: text().notNull().default('USD'),
    /** Tokens to deliver for a VirtFusion top-up (1 token = 1 cent); null for credits. */
    tokens: bigint({ mode: 'number' }),
    paypalOrderId: text(),
    paypalCaptureId: text(),
    status: topupStatus().notNull().default('created'),
    failureReason: text(),
    creditEntryId: bigint({ mode: 'number' }).references(() => creditTransactions.id, {
      onDelete: 'restrict',
    }),
    virtfusionCreditId: bigint({ mode: 'number' }),
    /**
     * The sum of this top-up's topup_refunds rows, rewritten from them in the transaction that
     * adds one (never incremented): kept for reports and the admin page.
     */
    refundedCents: bigint({ mode: 'number' }).notNull().default(0),
    /** Bumped after a definite decline, so the buyer's next try is a new PayPal request. */
    captureAttempt: integer().notNull().default(0),
    deliveryAttempts: integer().notNull().default(0),
    nextDeliveryAt: timestamp({ withTimezone: true }),
    lastDeliveryError: text(),
    claimedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    capturedAt: timestamp({ withTimezone: true }),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    check('topups_amount_positive', sql`${t.amountCents} > 0`),
    check('topups_refund_within_amount', sql`${t.refundedCents} between 0 and ${t.amountCents}`),
    check(
      'topups_tokens_match_purpose',
      sql`(${t.purpose} = 'virtfusion_tokens') = (${t.tokens} is not null and ${t.tokens} > 0)`,
    ),
    uniqueIndex('topups_paypal_order_id_key').on(t.paypalOrderId),
    uniqueIndex('topups_paypal_capture_id_key').on(t.paypalCaptureId),
    index('topups_user_idx').on(t.userId, t.id.desc()),
    index('topups_status_idx').on(t.status, t.updatedAt),
  ],
)

export type Topup = typeof topups.$inferSelect

export const topupRefundKind = pgEnum('topup_refund_kind', ['refund', 'chargeback'])

/**
 * Money PayPal gave back on a top-up (ADR 013): one row per PayPal refund, whoever reported
 * it first (a webhook, a re-sent webhook, the daily reconciliation). The unique PayPal id is
 * what makes a compensation happen once; a top-up's refunded total is the sum of its rows.
 */
export const topupRefunds = pgTable(
  'topup_refunds',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topupId: integer()
      .notNull()
      .references(() => topups.id, { onDelete: 'restrict' }),
    kind: topupRefundKind().notNull(),
    /** PayPal's refund id; the capture id for a reversal PayPal reported without one. */
    paypalRefundId: text().notNull(),
    /** What this refund compensated: capped so a top-up's rows never add up beyond its amount. */
    amountCents: bigint({ mode: 'number' }).notNull(),
    creditEntryId: bigint({ mode: 'number' }).references(() => creditTransactions.id, {
      onDelete: 'restrict',
    }),
    /** Who reported it: "webhook <event id>", "reconciliation", "backfill". */
    reportedBy: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('topup_refunds_amount_positive', sql`${t.amountCents} > 0`),
    // One PayPal refund is one movement of money, whichever event type reports it.
    uniqueIndex('topup_refunds_paypal_refund_id_key').on(t.paypalRefundId),
    index('topup_refunds_topup_idx').on(t.topupId),
  ],
)

export type TopupRefund = typeof topupRefunds.$inferSelect

/**
 * Every PayPal webhook event we accepted, once (the id is PayPal's event id). A delivery
 * processes the event only while it holds the claim (claim_id, until claimed_until); a
 * failed delivery releases it, a crashed one lets it expire.
 */
export const paypalWebhookEvents = pgTable('paypal_webhook_events', {
  id: text().primaryKey(),
  eventType: text().notNull(),
  resourceId: text(),
  payload: jsonb().notNull(),
  outcome: text(),
  claimId: uuid(),
  claimedUntil: timestamp({ withTimezone: true }),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  processedAt: timestamp({ withTimezone: true }),
})

export const tokenEntryType = pgEnum('token_entry_type', [
  'purchase',
  'admin_add',
  'admin_cancel',
  'refund',
  'chargeback',
])
export const tokenEntryStatus = pgEnum('token_entry_status', [
  'pending',
  'delivered',
  'review',
  'cancelled',
])

/**
 * Our record of every token movement we caused in VirtFusion (the balance itself lives
 * there). Lets the Transactions tab show both systems and reconciliation compare them.
 */
export const tokenTransactions = pgTable(
  'token_transactions',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    type: tokenEntryType().notNull(),
    tokens: bigint({ mode: 'number' }).notNull(),
    status: tokenEntryStatus().notNull().default('pending'),
    topupId: integer().references(() => topups.id, { onDelete: 'restrict' }),
    virtfusionCreditId: bigint({ mode: 'number' }),
    adminUserId: integer().references(() => users.id, { onDelete: 'restrict' }),
    reason: text(),
    description: text().notNull(),
    /** An admin grant's key: the same (user, key) is one grant, however often it is sent. */
    idempotencyKey: text(),
    /**
     * When an admin grant was claimed for sending to VirtFusion: one sender per grant. A
     * pending grant claimed long ago may have reached VirtFusion, so it goes to review.
     */
    claimedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('token_transactions_tokens_nonzero', sql`${t.tokens} <> 0`),
    uniqueIndex('token_transactions_idempotency_key').on(t.userId, t.idempotencyKey),
    uniqueIndex('token_transactions_purchase_once')
      .on(t.topupId)
      .where(sql`${t.type} = 'purchase'`),
    // A VirtFusion credit entry is cancelled at most once, whoever asks (refund, reversal, admin).
    uniqueIndex('token_transactions_cancel_once')
      .on(t.virtfusionCreditId)
      .where(sql`${t.tokens} < 0`),
    index('token_transactions_user_idx').on(t.userId, t.id.desc()),
  ],
)

export type TokenTransaction = typeof tokenTransactions.$inferSelect

/** The last token balance VirtFusion reported, shown (marked stale) when it cannot be reached. */
export const virtfusionBalances = pgTable('virtfusion_balances', {
  userId: integer()
    .primaryKey()
    .references(() => users.id, { onDelete: 'restrict' }),
  tokens: bigint({ mode: 'number' }).notNull(),
  fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})
