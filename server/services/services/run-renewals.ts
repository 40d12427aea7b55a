import { and, eq, gt, inArray, lte, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db, Tx } from '#db/client.ts'
import { isUniqueViolation } from '#db/errors.ts'
import {
  mailOutbox,
  notifications,
  productPrices,
  products,
  serviceCharges,
  services,
  userCredits,
  users,
  type ProductFamily,
  type Service,
} from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import { logError } from '#server/lib/log.ts'
import { metrics } from '#server/lib/metrics.ts'
import { formatCents } from '#server/lib/money.ts'
import { spendCredits } from '#server/services/credits/spend-credits.ts'
import { enqueueMail } from '#server/services/mail/enqueue-mail.ts'
import { requestMailDelivery } from '#server/services/mail/request-mail-delivery.ts'
import type { RenewalReminderData } from '#server/services/mail/templates/services/renewal-reminder.tsx'
import type { ServiceRenewedData } from '#server/services/mail/templates/services/lifecycle-mails.tsx'
import { notify } from '#server/services/notifications/notify.ts'
import { recordServiceEvent } from '#server/services/provisioning/record-service-event.ts'
import {
  day,
  lifecycleDays,
  noticeStyle,
  RENEWABLE_STATUSES,
  serviceMailRef,
  topUpFor,
} from './lifecycle.ts'
import { periodEndAfter } from './periods.ts'
import { getProduct, priceOf } from './queries.ts'
import { unpaidDeadlines, type LifecycleDays, type PricedProduct } from './views.ts'

export type RenewalOutcome =
  | 'renewed'
  | 'past_due'
  | 'suspended'
  | 'terminated'
  | 'cancelled'
  | 'skipped'
  | 'failed'
export type RenewalReport = Record<RenewalOutcome, number> & {
  /** In-app "add credits before your renewal" notices created. */
  reminders: number
  /** "Renewal coming up" emails written to the outbox (7 and 1 days before). */
  reminderMails: number
}

export type RenewalOptions = {
  now?: Date
  /** Overrides DNS_GRACE_DAYS (days unpaid before suspension; a DNS plan ends then). */
  graceDays?: number
  /** Overrides SERVICES_TERMINATE_AFTER_DAYS (days suspended before termination). */
  terminateAfterDays?: number
  /** Concurrent claim-and-renew loops in this pass, each on its own connection. */
  workers?: number
  /** Due services each loop claims and settles per transaction (default 25). */
  batchSize?: number
  family?: ProductFamily
  /** Send the renewal reminders (in-app and email) after the pass (default true). */
  reminders?: boolean
}

const DAY_MS = 24 * 60 * 60 * 1000
/** The in-app notice: this many days before a renewal the balance does not cover. */
const REMINDER_DAYS = 3
/** The emails: a week before the period end, and again the day before. */
const REMINDER_MAIL_DAYS = [7, 1] as const
const DEFAULT_WORKERS = 4
const DEFAULT_BATCH_SIZE = 25

function overridesOf(options: RenewalOptions): Partial<LifecycleDays> {
  return {
    ...(options.graceDays === undefined ? {} : { graceDays: options.graceDays }),
    ...(options.terminateAfterDays === undefined
      ? {}
      : { terminateAfterDays: options.terminateAfterDays }),
  }
}

const dueNow = (now: Date) =>
  and(inArray(services.status, [...RENEWABLE_STATUSES]), lte(services.currentPeriodEnd, now))

/**
 * Claims up to `limit` of the most overdue due services nobody else holds (FOR UPDATE SKIP
 * LOCKED): concurrent workers, in this process or another, each get a disjoint batch and never
 * wait on each other. `excluded` (this pass's services settled short of a renewal, or failed)
 * goes as one array parameter, so the statement text, and its prepared plan, stay the same.
 */
async function claimBatch(
  tx: Tx,
  now: Date,
  excluded: ReadonlySet<number>,
  family: ProductFamily | undefined,
  limit: number,
): Promise<Service[]> {
  return tx
    .select()
    .from(services)
    .where(
      and(
        dueNow(now),
        family ? eq(services.family, family) : undefined,
        excluded.size > 0
          ? sql`${services.id} <> all(${`{${[...excluded].join(',')}}`}::int[])`
          : undefined,
      ),
    )
    .orderBy(services.currentPeriodEnd, services.id)
    .limit(limit)
    .for('update', { skipLocked: true })
    .prepare('renewal_claim')
    .execute()
}

async function end(
  tx: Tx,
  service: Service,
  status: 'cancelled' | 'terminated',
  now: Date,
): Promise<void> {
  await tx
    .update(services)
    .set({
      status,
      endedAt: now,
      autoRenew: false,
      scheduledProductId: null,
      scheduledCycle: null,
      nextPaymentAt: null,
      updatedAt: sql`now()`,
    })
    .where(eq(services.id, service.id))
  await recordServiceEvent(tx, { serviceId: service.id, type: status })
}

/**
 * One renewal step for one claimed (locked) due service, inside its transaction: renew for the
 * next period at the locked price (or the announced next price, or the scheduled product's and
 * cycle's), or end it as asked, or, unpaid, past_due → suspended after the grace days →
 * terminated after the further days. The unique charge per (service, period start) makes a
 * double charge impossible whatever else goes wrong.
 */
export async function renewClaimed(
  tx: Tx,
  service: Service,
  now: Date,
  overrides: Partial<LifecycleDays> = {},
  /** A pass's products read once (names, and prices for scheduled changes) instead of per service. */
  products?: Map<number, PricedProduct>,
): Promise<RenewalOutcome> {
  const style = noticeStyle(service.family)
  if (!service.autoRenew || service.cancelAtPeriodEnd) {
    const status = service.status === 'active' ? 'cancelled' : 'terminated'
    await end(tx, service, status, now)
    const current = products?.get(service.productId) ?? (await getProduct(tx, service.productId))
    products?.set(service.productId, current)
    await enqueueMail(tx, {
      eventKey: `service:${service.id}:ended`,
      recipient: { userId: service.userId },
      template: 'service-ended',
      data: {
        ...serviceMailRef(service, current.name),
        endedAt: service.currentPeriodEnd.toISOString(),
      },
    })
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('ended'),
      title: `${style.label} ended`,
      body: `Your ${style.label} ended on ${day(service.currentPeriodEnd)} as requested.`,
      link: style.link,
      dedupeKey: `ended:${service.id}`,
    })
    return status
  }

  const productId = service.scheduledProductId ?? service.productId
  const cycle = service.scheduledCycle ?? service.cycle
  const product = products?.get(productId) ?? (await getProduct(tx, productId))
  products?.set(productId, product)
  const changes = productId !== service.productId || cycle !== service.cycle
  const priceCents = changes
    ? priceOf(product, cycle)
    : (service.nextRecurringPriceCents ?? service.recurringPriceCents)
  const start = service.currentPeriodEnd
  const periodEnd = periodEndAfter(start, service.anchorDay, cycle)
  try {
    const entry = await spendCredits(tx, {
      userId: service.userId,
      type: 'service_renewal',
      amountCents: priceCents,
      description: `${style.label} renewal: ${product.name}, ${day(start)} to ${day(periodEnd)}`,
      metadata: { serviceId: service.id, productId, cycle, periodStart: start.toISOString() },
    })
    // The charge, the service's next period, the "renewal paid" email in the outbox (ADR 026)
    // and the "renewed" notice in one statement (one round trip instead of four; its parts
    // commit together or it fails whole), prepared: PostgreSQL parses and plans it once per
    // connection (unless DATABASE_PREPARE=false). The email is the outbox's INSERT … SELECT
    // from users (address and name), as enqueueMail writes it; the data is one jsonb parameter.
    const renewedMail: Omit<ServiceRenewedData, 'name'> = {
      ...serviceMailRef(service, product.name),
      amountCents: priceCents,
      periodStart: start.toISOString(),
      periodEnd: periodEnd.toISOString(),
      balanceAfterCents: entry.balanceAfterCents,
      resumed: service.status === 'suspended',
    }
    const charge = tx.$with('charge', {}).as(sql`
      insert into ${serviceCharges} (service_id, product_id, cycle, kind, period_start, period_end,
                                     amount_cents, credit_entry_id)
      values (${service.id}::int, ${productId}::int, ${cycle}::billing_cycle, 'renewal',
              ${start.toISOString()}::timestamptz, ${periodEnd.toISOString()}::timestamptz,
              ${priceCents}::bigint, ${entry.id}::bigint)`)
    const nextPeriod = tx.$with('next_period', {}).as(sql`
      update ${services}
         set status = 'active', product_id = ${productId}::int, cycle = ${cycle}::billing_cycle,
             scheduled_product_id = null, scheduled_cycle = null,
             price_paid_cents = ${priceCents}::bigint, recurring_price_cents = ${priceCents}::bigint,
             next_recurring_price_cents = null,
             current_period_start = ${start.toISOString()}::timestamptz,
             current_period_end = ${periodEnd.toISOString()}::timestamptz,
             last_payment_at = ${now.toISOString()}::timestamptz,
             next_payment_at = ${periodEnd.toISOString()}::timestamptz,
             suspended_at = null, updated_at = now()
       where id = ${service.id}::int`)
    const mail = tx.$with('mail', {}).as(sql`
      insert into ${mailOutbox} (event_key, user_id, to_address, template, data)
      select ${`service:${service.id}:renewed:${start.toISOString()}`}::text, ${users.id},
             ${users.email}, 'service-renewed',
             ${JSON.stringify(renewedMail)}::jsonb || jsonb_build_object('name', ${users.name})
        from ${users}
       where ${users.id} = ${service.userId}::int
      on conflict do nothing`)
    await tx
      .with(charge, nextPeriod, mail)
      .insert(notifications)
      .values({
        userId: service.userId,
        kind: style.kind('renewed'),
        title:
          service.status === 'suspended' ? `${product.name} resumed` : `${style.label} renewed`,
        body: `${product.name} renewed until ${day(periodEnd)} for ${formatCents(priceCents)} of custom credits.`,
        link: style.link,
        dedupeKey: `renewed:${service.id}:${start.toISOString()}`,
      })
      .onConflictDoNothing()
      .prepare('renewal_write')
      .execute()
  } catch (error) {
    if (!isAppError(error) || error.code !== 'INSUFFICIENT_CREDITS') throw error
    return unpaid(tx, service, product.name, now, {
      ...lifecycleDays(service.family, overrides),
      shortfallCents: Number(error.details?.shortfallCents ?? priceCents),
      priceCents,
    })
  }

  if (service.status === 'suspended')
    await recordServiceEvent(tx, { serviceId: service.id, type: 'unsuspended' })
  if (changes)
    await recordServiceEvent(tx, {
      serviceId: service.id,
      type: 'plan_changed',
      details: { fromProductId: service.productId, fromCycle: service.cycle, at: 'renewal' },
    })
  return 'renewed'
}

/** The renewal could not be paid: past due in grace, then suspended, then terminated. */
async function unpaid(
  tx: Tx,
  service: Service,
  productName: string,
  now: Date,
  context: LifecycleDays & { shortfallCents: number; priceCents: number },
): Promise<RenewalOutcome> {
  const style = noticeStyle(service.family)
  const { graceEndsAt, terminatesAt } = unpaidDeadlines(
    { status: 'past_due', currentPeriodEnd: service.currentPeriodEnd },
    context,
  )
  const start = service.currentPeriodEnd
  const ref = serviceMailRef(service, productName)
  if (now >= terminatesAt!) {
    await end(tx, service, 'terminated', now)
    await enqueueMail(tx, {
      eventKey: `service:${service.id}:terminated`,
      recipient: { userId: service.userId },
      template: 'service-terminated',
      data: {
        ...ref,
        endedAt: now.toISOString(),
        by: 'unpaid',
        reason: null,
        dueAt: start.toISOString(),
      },
    })
    await notify(tx, {
      userId: service.userId,
      kind: style.kind('expired'),
      title: `${style.label} expired`,
      body:
        context.terminateAfterDays === 0
          ? `Your ${productName} ${style.label} expired: the renewal due ${day(start)} was not paid within the ${context.graceDays}-day grace period.`
          : `Your ${productName} ${style.label} was terminated: the renewal due ${day(start)} was not paid within ${context.graceDays + context.terminateAfterDays} days.`,
      link: style.link,
      dedupeKey: `expired:${service.id}`,
    })
    return 'terminated'
  }
  const topUp = topUpFor(context.shortfallCents)
  if (now >= graceEndsAt!) {
    if (service.status !== 'suspended') {
      await tx
        .update(services)
        .set({ status: 'suspended', suspendedAt: now, updatedAt: sql`now()` })
        .where(eq(services.id, service.id))
      await recordServiceEvent(tx, { serviceId: service.id, type: 'suspended' })
      await enqueueMail(tx, {
        eventKey: `service:${service.id}:suspended:${start.toISOString()}`,
        recipient: { userId: service.userId },
        template: 'service-suspended',
        data: {
          ...ref,
          suspendedAt: now.toISOString(),
          by: 'unpaid',
          reason: null,
          shortfallCents: context.shortfallCents,
          dueAt: start.toISOString(),
          terminatesAt: terminatesAt!.toISOString(),
          topUp,
        },
      })
      await notify(tx, {
        userId: service.userId,
        kind: style.kind('suspended'),
        title: `${productName} suspended`,
        body: `The renewal due ${day(start)} is still unpaid. Add ${formatCents(context.shortfallCents)} of custom credits by ${day(terminatesAt!)} to resume it; after that it is terminated.`,
        link: topUp.path,
        dedupeKey: `suspended:${service.id}:${start.toISOString()}`,
      })
    }
    return 'suspended'
  }
  if (service.status !== 'past_due') {
    await tx
      .update(services)
      .set({ status: 'past_due', updatedAt: sql`now()` })
      .where(eq(services.id, service.id))
    // Once, when it becomes past due (the notice below is re-offered each pass, deduplicated).
    await enqueueMail(tx, {
      eventKey: `service:${service.id}:renewal-failed:${start.toISOString()}`,
      recipient: { userId: service.userId },
      template: 'service-renewal-failed',
      data: {
        ...ref,
        priceCents: context.priceCents,
        shortfallCents: context.shortfallCents,
        dueAt: start.toISOString(),
        graceEndsAt: graceEndsAt!.toISOString(),
        suspends: context.terminateAfterDays > 0,
        topUp,
      },
    })
  }
  await notify(tx, {
    userId: service.userId,
    kind: style.kind('renewal_failed'),
    title: `${style.label} renewal failed`,
    body: `Renewing ${productName} needs ${formatCents(context.shortfallCents)} more custom credits. Add them by ${day(graceEndsAt!)} to keep the plan.`,
    link: topUp.path,
    dedupeKey: `renewal-failed:${service.id}:${start.toISOString()}`,
  })
  return 'past_due'
}

type Step = { id: number; outcome: RenewalOutcome | null }

/**
 * Settles one service in its own transaction if it is still due and free: the fallback for a
 * batch that failed. A failure rolls back that service only. `null`: someone else has it now.
 */
async function renewAlone(
  db: Db,
  id: number,
  now: Date,
  options: RenewalOptions,
  products: Map<number, PricedProduct>,
): Promise<Step> {
  try {
    return await db.transaction(async (tx) => {
      const [service] = await tx
        .select()
        .from(services)
        .where(and(eq(services.id, id), dueNow(now)))
        .for('update', { skipLocked: true })
      if (!service) return { id, outcome: null }
      return { id, outcome: await renewClaimed(tx, service, now, overridesOf(options), products) }
    })
  } catch (error) {
    // Someone else charged this period between our read and write: nothing to do.
    if (isUniqueViolation(error, 'service_charges_period_once')) return { id, outcome: 'skipped' }
    logError(`renewal of service ${id} failed; the others go on`, error)
    return { id, outcome: 'failed' }
  }
}

/**
 * Claims a batch of due services and settles them in one transaction (one claim and one commit
 * for the batch, not per service). Services are settled in user order, so two workers' batches
 * lock wallets in the same order and cannot deadlock on them. If anything fails, the whole
 * batch rolls back (nothing of it committed) and each of its services is settled again in a
 * transaction of its own: the failing one fails alone. `null` when nothing is due (that this
 * pass has not settled).
 */
async function renewBatch(
  db: Db,
  now: Date,
  excluded: Set<number>,
  options: RenewalOptions,
  products: Map<number, PricedProduct>,
): Promise<Step[] | null> {
  let claimed: Service[] = []
  try {
    return await db.transaction(async (tx) => {
      const rows = await claimBatch(
        tx,
        now,
        excluded,
        options.family,
        Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE),
      )
      if (rows.length === 0) return null
      // A claim built before another worker of this pass took a service can still lock it
      // after that worker committed: the set, read now, says it is done for this pass. The
      // rest are held out of this pass's other claims from now on (the row locks cover only
      // until our commit); a renewed service is let back in afterwards to catch up a period.
      claimed = rows
        .filter((service) => !excluded.has(service.id))
        .sort((a, b) => a.userId - b.userId || a.id - b.id)
      for (const service of claimed) excluded.add(service.id)
      const steps: Step[] = []
      for (const service of claimed) {
        steps.push({
          id: service.id,
          outcome: await renewClaimed(tx, service, now, overridesOf(options), products),
        })
      }
      return steps
    })
  } catch (error) {
    if (claimed.length === 0) throw error
    const steps: Step[] = []
    for (const service of claimed)
      steps.push(await renewAlone(db, service.id, now, options, products))
    return steps
  }
}

/**
 * One renewal pass over every family as of `now`: `workers` loops each claim a batch of due
 * services with SKIP LOCKED (so passes in several processes share the work without overlap),
 * renew each (catching up missed periods one at a time), end it, or move it along past_due →
 * suspended → terminated; a failure on one service is logged and counted and never stops the
 * others. Then reminds users whose balance will not cover a renewal in the next days.
 */
export async function runRenewals(db: Db, options: RenewalOptions = {}): Promise<RenewalReport> {
  const now = options.now ?? new Date()
  const report: RenewalReport = {
    renewed: 0,
    past_due: 0,
    suspended: 0,
    terminated: 0,
    cancelled: 0,
    skipped: 0,
    failed: 0,
    reminders: 0,
    reminderMails: 0,
  }
  // Services claimed by this pass's workers or settled short of a renewal: not claimed again.
  const excluded = new Set<number>()
  const products = new Map<number, PricedProduct>()
  const worker = async () => {
    for (;;) {
      const steps = await renewBatch(db, now, excluded, options, products)
      if (!steps) return
      for (const step of steps) {
        if (step.outcome === null) continue
        report[step.outcome]++
        metrics.renewals.inc({ outcome: step.outcome })
        // Renewed: it may still be due (missed periods). Anything else waits for the next pass.
        if (step.outcome === 'renewed') excluded.delete(step.id)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.workers ?? DEFAULT_WORKERS) }, worker))
  if (options.reminders !== false) {
    const sent = await sendReminders(db, now, options.family)
    report.reminders = sent.notices
    report.reminderMails = sent.mails
  }
  // Every settled service wrote an email (or found it written); the worker's sweep would
  // deliver them within a minute anyway.
  const settled = report.renewed + report.past_due + report.suspended + report.terminated
  if (settled + report.cancelled + report.reminderMails > 0) await requestMailDelivery()
  return report
}

/**
 * A customer's "pay now": renews their past-due or suspended service at once if the credits
 * cover it (the same step as the renewal pass, on this one service).
 */
export async function renewServiceNow(
  db: Db,
  input: { serviceId: number; userId?: number; now?: Date },
): Promise<RenewalOutcome> {
  const now = input.now ?? new Date()
  const outcome = await db.transaction(async (tx) => {
    const [service] = await tx
      .select()
      .from(services)
      .where(
        and(
          eq(services.id, input.serviceId),
          input.userId === undefined ? undefined : eq(services.userId, input.userId),
          dueNow(now),
        ),
      )
      .for('update')
    if (!service) return 'skipped'
    return renewClaimed(tx, service, now)
  })
  if (outcome !== 'skipped') await requestMailDelivery()
  return outcome
}

/**
 * The renewal reminders, each once per service and period: an email a week before the period
 * end and again the day before (whether the credits cover the renewal and what is missing, or,
 * with auto-renew off, that the service ends then), and the in-app notice within REMINDER_DAYS
 * when the credits do not cover it. A service's notice and email are written in one
 * transaction; passes that run twice or side by side write each once (the outbox's and the
 * notifications' unique keys). Services whose email for the current reminder exists and that
 * need no notice are not read again.
 */
async function sendReminders(
  db: Db,
  now: Date,
  family?: ProductFamily,
): Promise<{ notices: number; mails: number }> {
  const until = (days: number) => new Date(now.getTime() + days * DAY_MS).toISOString()
  const due = sql<number>`case when ${services.scheduledProductId} is null and ${services.scheduledCycle} is null
    then coalesce(${services.nextRecurringPriceCents}, ${services.recurringPriceCents})
    else ${productPrices.priceCents} end`
  const balance = sql`coalesce(${userCredits.balanceCents}, 0)`
  // The same credits pay the user's renewals in the order the pass claims them (period end,
  // then id): what falls due before this one comes out of the balance first.
  const earlier = alias(services, 'earlier')
  const earlierPrice = alias(productPrices, 'earlier_price')
  const dueBefore = sql<number>`(select coalesce(sum(case
      when ${earlier.scheduledProductId} is null and ${earlier.scheduledCycle} is null
      then coalesce(${earlier.nextRecurringPriceCents}, ${earlier.recurringPriceCents})
      else (select ${earlierPrice.priceCents} from ${productPrices} ${earlierPrice}
             where ${earlierPrice.productId} = coalesce(${earlier.scheduledProductId}, ${earlier.productId})
               and ${earlierPrice.cycle} = coalesce(${earlier.scheduledCycle}, ${earlier.cycle})) end), 0)
    from ${services} ${earlier}
    where ${earlier.userId} = ${services.userId} and ${earlier.status} = 'active'
      and ${earlier.autoRenew} and not ${earlier.cancelAtPeriodEnd}
      and ${earlier.currentPeriodEnd} > ${now.toISOString()}::timestamptz
      and (${earlier.currentPeriodEnd}, ${earlier.id}) < (${services.currentPeriodEnd}, ${services.id}))`
  const [weekBefore, dayBefore] = REMINDER_MAIL_DAYS
  // Which of the period's two emails is due now: the day-before one in the last day.
  const slot = sql`case when ${services.currentPeriodEnd} <= ${until(dayBefore)}::timestamptz
    then ${dayBefore}::int else ${weekBefore}::int end`
  const mailKey = sql<string>`'service:' || ${services.id} || ':renewal-reminder:'
    || to_char(${services.currentPeriodEnd} at time zone 'UTC', 'YYYY-MM-DD') || ':' || ${slot} || 'd'`
  const notice = sql<boolean>`${services.autoRenew} and not ${services.cancelAtPeriodEnd}
    and ${services.currentPeriodEnd} <= ${until(REMINDER_DAYS)}::timestamptz
    and ${balance} < ${due} + ${dueBefore}`
  const rows = await db
    .select({
      service: services,
      price: sql<string>`${due}`,
      productName: products.name,
      balance: sql<string>`${balance}`,
      dueBefore: sql<string>`${dueBefore}`,
      slot: sql<number>`${slot}`,
      mailKey,
      notice,
    })
    .from(services)
    .innerJoin(
      products,
      eq(products.id, sql`coalesce(${services.scheduledProductId}, ${services.productId})`),
    )
    .leftJoin(
      productPrices,
      and(
        eq(productPrices.productId, products.id),
        eq(productPrices.cycle, sql`coalesce(${services.scheduledCycle}, ${services.cycle})`),
      ),
    )
    .leftJoin(userCredits, eq(userCredits.userId, services.userId))
    .where(
      and(
        eq(services.status, 'active'),
        family ? eq(services.family, family) : undefined,
        gt(services.currentPeriodEnd, now),
        sql`${services.currentPeriodEnd} <= ${until(weekBefore)}::timestamptz`,
        sql`(${notice} or not exists (select 1 from ${mailOutbox}
              where ${mailOutbox.eventKey} = ${mailKey} and ${mailOutbox.userId} = ${services.userId}))`,
      ),
    )
  let notices = 0
  let mails = 0
  for (const row of rows) {
    const { service } = row
    const price = Number(row.price)
    const balanceCents = Number(row.balance)
    const renews = service.autoRenew && !service.cancelAtPeriodEnd
    // A service that ends is paid by nothing, so it takes nothing from the others either.
    const dueBeforeCents = renews ? Number(row.dueBefore) : 0
    const shortfall = Math.min(price, Math.max(0, price + dueBeforeCents - balanceCents))
    const topUp = renews && shortfall > 0 ? topUpFor(shortfall) : null
    const style = noticeStyle(service.family)
    const data: Omit<RenewalReminderData, 'name'> = {
      ...serviceMailRef(service, row.productName),
      daysBefore: Number(row.slot) === dayBefore ? dayBefore : weekBefore,
      periodEnd: service.currentPeriodEnd.toISOString(),
      renews,
      priceCents: price,
      balanceCents,
      dueBeforeCents,
      shortfallCents: shortfall,
      topUp,
    }
    const written = await db.transaction(async (tx) => ({
      notice:
        row.notice &&
        (await notify(tx, {
          userId: service.userId,
          kind: style.kind('renewal_reminder'),
          title: `Add credits before your ${style.label} renews`,
          body: `${row.productName} renews on ${day(service.currentPeriodEnd)} for ${formatCents(price)}; you need ${formatCents(shortfall)} more custom credits.`,
          link: topUpFor(shortfall).path,
          dedupeKey: `renewal-reminder:${service.id}:${service.currentPeriodEnd.toISOString()}`,
        })),
      mail: await enqueueMail(tx, {
        eventKey: row.mailKey,
        recipient: { userId: service.userId },
        template: 'service-renewal-reminder',
        data,
      }),
    }))
    if (written.notice) notices++
    if (written.mail) mails++
  }
  return { notices, mails }
}
