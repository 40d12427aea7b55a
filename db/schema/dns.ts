import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core'
import { creditTransactions } from './credits.ts'
import { users } from './users.ts'

export const billingPeriod = pgEnum('billing_period', ['monthly'])

export const dnsPlans = pgTable(
  'dns_plans',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    priceCents: bigint({ mode: 'number' }).notNull(),
    billingPeriod: billingPeriod().notNull().default('monthly'),
    maxDomains: integer().notNull(),
    maxRecords: integer().notNull(),
    features: jsonb().$type<string[]>().notNull().default([]),
    isActive: boolean().notNull().default(true),
    displayOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dns_plans_slug_key').on(t.slug),
    uniqueIndex('dns_plans_name_key').on(t.name),
    check('dns_plans_price_positive', sql`${t.priceCents} > 0`),
    check('dns_plans_limits_positive', sql`${t.maxDomains} > 0 and ${t.maxRecords} > 0`),
  ],
)
export type DnsPlan = typeof dnsPlans.$inferSelect

export const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'cancelled', 'expired'] as const
export const subscriptionStatus = pgEnum('dns_subscription_status', SUBSCRIPTION_STATUSES)

export const dnsPlanSubscriptions = pgTable(
  'dns_plan_subscriptions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    planId: integer()
      .notNull()
      .references(() => dnsPlans.id, { onDelete: 'restrict' }),
    status: subscriptionStatus().notNull().default('active'),
    currentPeriodStart: timestamp({ withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp({ withTimezone: true }).notNull(),
    /** Day of month the subscription started on; periods end on it, clamped to short months (ADR 006). */
    anchorDay: integer().notNull(),
    /** What the user actually paid for the current period; proration is computed from it. */
    pricePaidCents: bigint({ mode: 'number' }).notNull(),
    autoRenew: boolean().notNull().default(true),
    cancelAtPeriodEnd: boolean().notNull().default(false),
    scheduledPlanId: integer().references(() => dnsPlans.id, { onDelete: 'restrict' }),
    lastPaymentAt: timestamp({ withTimezone: true }),
    nextPaymentAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // At most one live subscription per user.
    uniqueIndex('dns_plan_subscriptions_one_live')
      .on(t.userId)
      .where(sql`${t.status} in ('active', 'past_due')`),
    index('dns_plan_subscriptions_due_idx')
      .on(t.currentPeriodEnd)
      .where(sql`${t.status} in ('active', 'past_due')`),
    check('dns_plan_subscriptions_period', sql`${t.currentPeriodEnd} > ${t.currentPeriodStart}`),
    check('dns_plan_subscriptions_anchor', sql`${t.anchorDay} between 1 and 31`),
  ],
)
export type DnsPlanSubscription = typeof dnsPlanSubscriptions.$inferSelect

export const dnsChargeKind = pgEnum('dns_charge_kind', ['purchase', 'renewal', 'upgrade'])

/** Every charge for a subscription period, once, pointing at its ledger entry. */
export const dnsPlanCharges = pgTable(
  'dns_plan_charges',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    subscriptionId: integer()
      .notNull()
      .references(() => dnsPlanSubscriptions.id, { onDelete: 'restrict' }),
    planId: integer()
      .notNull()
      .references(() => dnsPlans.id, { onDelete: 'restrict' }),
    kind: dnsChargeKind().notNull(),
    periodStart: timestamp({ withTimezone: true }).notNull(),
    periodEnd: timestamp({ withTimezone: true }).notNull(),
    amountCents: bigint({ mode: 'number' }).notNull(),
    creditEntryId: bigint({ mode: 'number' })
      .notNull()
      .references(() => creditTransactions.id, { onDelete: 'restrict' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A period is paid for once (purchase or renewal); an upgrade to a given plan once per period.
    uniqueIndex('dns_plan_charges_period_once')
      .on(t.subscriptionId, t.periodStart)
      .where(sql`${t.kind} <> 'upgrade'`),
    uniqueIndex('dns_plan_charges_upgrade_once')
      .on(t.subscriptionId, t.periodStart, t.planId)
      .where(sql`${t.kind} = 'upgrade'`),
    uniqueIndex('dns_plan_charges_entry_key').on(t.creditEntryId),
    check('dns_plan_charges_amount_positive', sql`${t.amountCents} > 0`),
  ],
)

export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    link: text(),
    /** Makes a notification once-only (e.g. one reminder per subscription period). */
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id.desc()),
    uniqueIndex('notifications_dedupe_key').on(t.userId, t.dedupeKey),
  ],
)
export type Notification = typeof notifications.$inferSelect
