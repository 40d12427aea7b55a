import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import {
  creditTransactions,
  serviceCharges,
  services,
  tokenTransactions,
  topupRefunds,
  topups,
  userCredits,
  type CreditTransaction,
  type Topup,
} from '#db/schema/index.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'
import type { ReceivedWebhook } from '#tests/helpers/webhook-receiver.ts'
import { checkServiceRecords, type Actions } from './service-invariants.ts'
import type { Product } from './world.ts'

/**
 * What must hold after every run, checked against the database, the VirtFusion fake and
 * the simulated PayPal side, for the run's users:
 *  (1) balance = sum of the journal, and verifyLedger reports nothing for them;
 *  (2) each user's before/after chain is unbroken in id order;
 *  (3) each capture credited at most once; each completed credit top-up has exactly one
 *      purchase entry; each completed token top-up exactly one live VirtFusion credit with
 *      reference_1 = its id (review ones at most one); refunds never exceed what was paid
 *      or claw back tokens on a partial refund; nothing is left in flight after quiescing;
 *      a capture PayPal kept money for does not end as "failed";
 *  (4) no service_* spend takes a balance below zero;
 *  (5) each service period charged once, charged periods contiguous (but for the days an
 *      admin added), every charge backed by its ledger entry of its type and amount, a
 *      server's setup fee charged once, upgrades within the price difference;
 *  and admin entries are exactly those the adjustment calls returned; then the services
 *  engine's own (service-invariants.ts: the outbox, webhook deliveries, service refunds).
 * Returns the violations found (empty when all hold) plus counts worth reporting.
 */

/**
 * Violations of a known, reported production bug carry a tag, so a run can be told to
 * tolerate them (SIM_TOLERATE=<tag>,...) while hunting for anything else.
 */
export const KNOWN_BUGS = {
  'refunded-capture-recorded-as-failed':
    'server/services/payments/apply-paypal-order.ts: a capture that completed and was then (partly) refunded before we recorded it is treated as declined (status failed, nothing credited); the refund webhook that arrived first was dropped as unknown_capture (handle-paypal-webhook.ts / compensate-topup.ts)',
  'partial-refund-cancels-whole-credit':
    'server/services/virtfusion/deliver-virtfusion-tokens.ts: a partial refund that lands while the add-credit call is in flight makes the delivery cancel the whole VirtFusion credit',
} as const
export type KnownBug = keyof typeof KNOWN_BUGS
export type Violation = { message: string; knownBug?: KnownBug }

export type InvariantReport = {
  violations: Violation[]
  counts: {
    entries: number
    completedCreditTopups: number
    completedTokenTopups: number
    reviewTokenTopups: number
    reviewWithCredit: number
    refundedWithLiveCreditUnknownToUs: number
    failedAfterPartialRefund: number
    paidButFailed: number
    renewals: number
    upgrades: number
    setupFees: number
    events: number
    deliveries: number
    duplicates: number
  }
}

const TRANSIENT: readonly Topup['status'][] = [
  'created',
  'capturing',
  'pending',
  'captured',
  'delivering',
]
const SPEND_TYPES = new Set([
  'service_purchase',
  'service_setup_fee',
  'service_renewal',
  'service_upgrade',
])
const CHARGE_ENTRY_TYPE = {
  purchase: 'service_purchase',
  setup_fee: 'service_setup_fee',
  renewal: 'service_renewal',
  upgrade: 'service_upgrade',
} as const

const iso = (date: Date) => date.toISOString()
const metaNumber = (entry: CreditTransaction, key: string): number | null => {
  const value = entry.metadata[key]
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : null
}

export async function checkInvariants(
  db: Db,
  input: {
    userIds: number[]
    adminEntryIds: Map<number, Set<number>>
    products: Map<number, Product>
    /** The admin's service actions the simulator made (and saw succeed), per service. */
    actions: Actions
    /** What the provisioning webhook receiver got during the run. */
    received: ReceivedWebhook[]
    /** The simulated PayPal side of each top-up: its capture's state and what was refunded. */
    paypal: Map<number, { captureState: string; refundedCents: number }>
  },
): Promise<InvariantReport> {
  const { userIds } = input
  const violations: Violation[] = []
  const fail = (message: string, knownBug?: KnownBug) => violations.push({ message, knownBug })
  const counts: InvariantReport['counts'] = {
    entries: 0,
    completedCreditTopups: 0,
    completedTokenTopups: 0,
    reviewTokenTopups: 0,
    reviewWithCredit: 0,
    refundedWithLiveCreditUnknownToUs: 0,
    failedAfterPartialRefund: 0,
    paidButFailed: 0,
    renewals: 0,
    upgrades: 0,
    setupFees: 0,
    events: 0,
    deliveries: 0,
    duplicates: 0,
  }
  const priceOf = (productId: number | null, cycle: string) =>
    productId === null ? undefined : input.products.get(productId)?.prices[cycle as 'monthly']
  const actionCount = (serviceId: number, action: string) =>
    input.actions.get(serviceId)?.get(action) ?? 0

  const [entries, wallets, runTopups, tokenRows, subscriptions, refundRows] = await Promise.all([
    db
      .select()
      .from(creditTransactions)
      .where(inArray(creditTransactions.userId, userIds))
      .orderBy(asc(creditTransactions.id)),
    db.select().from(userCredits).where(inArray(userCredits.userId, userIds)),
    db.select().from(topups).where(inArray(topups.userId, userIds)).orderBy(asc(topups.id)),
    db
      .select()
      .from(tokenTransactions)
      .where(inArray(tokenTransactions.userId, userIds))
      .orderBy(asc(tokenTransactions.id)),
    db.select().from(services).where(inArray(services.userId, userIds)).orderBy(asc(services.id)),
    db
      .select({ topupId: topupRefunds.topupId, amountCents: topupRefunds.amountCents })
      .from(topupRefunds)
      .innerJoin(topups, eq(topups.id, topupRefunds.topupId))
      .where(inArray(topups.userId, userIds)),
  ])
  counts.entries = entries.length
  const charges =
    subscriptions.length === 0
      ? []
      : await db
          .select()
          .from(serviceCharges)
          .where(
            inArray(
              serviceCharges.serviceId,
              subscriptions.map((s) => s.id),
            ),
          )
          .orderBy(asc(serviceCharges.id))
  const entryById = new Map(entries.map((e) => [e.id, e]))

  // (1) balance = sum of the journal, and verifyLedger agrees.
  const report = await verifyLedger(db)
  for (const problem of report.problems) {
    if (userIds.includes(problem.userId)) fail(`verifyLedger: ${JSON.stringify(problem)}`)
  }
  // Every entry the real services wrote has its source (top-up, DNS charge, admin).
  for (const orphan of report.orphans) {
    if (userIds.includes(orphan.userId)) fail(`verifyLedger orphan: ${JSON.stringify(orphan)}`)
  }
  for (const id of userIds) {
    const own = entries.filter((e) => e.userId === id)
    const sum = own.reduce((total, e) => total + e.amountCents, 0)
    const wallet = wallets.find((w) => w.userId === id)
    if (!wallet) {
      if (own.length > 0) fail(`user ${id}: ${own.length} journal entries but no balance row`)
      continue
    }
    if (wallet.balanceCents !== sum)
      fail(`user ${id}: balance ${wallet.balanceCents} but the journal sums to ${sum}`)

    // (2) the before/after chain is unbroken in id order.
    let previous = 0
    for (const entry of own) {
      if (entry.balanceBeforeCents !== previous)
        fail(
          `user ${id}: entry ${entry.id} starts at ${entry.balanceBeforeCents}, previous ended at ${previous}`,
        )
      if (entry.balanceAfterCents !== entry.balanceBeforeCents + entry.amountCents)
        fail(`user ${id}: entry ${entry.id} before + amount != after`)
      previous = entry.balanceAfterCents
    }
    if (own.length > 0 && previous !== wallet.balanceCents)
      fail(`user ${id}: the chain ends at ${previous}, the balance is ${wallet.balanceCents}`)

    // Admin entries are exactly the ones the adjustment calls returned.
    const returned = input.adminEntryIds.get(id) ?? new Set<number>()
    const stored = own.filter((e) => e.type === 'admin_add' || e.type === 'admin_remove')
    for (const entry of stored) {
      if (!returned.has(entry.id))
        fail(
          `user ${id}: admin entry ${entry.id} (${entry.amountCents}) was never returned to the admin`,
        )
    }
    for (const entryId of returned) {
      if (!stored.some((e) => e.id === entryId))
        fail(`user ${id}: admin entry ${entryId} was returned but is not in the journal`)
    }
  }

  // (3) payments: each capture credited at most once, each completed top-up exactly once.
  const purchases = entries.filter((e) => e.type === 'purchase')
  const seenReferences = new Map<string, number>()
  for (const entry of purchases) {
    const reference = entry.paymentReference
    if (!reference) {
      fail(`purchase entry ${entry.id} has no payment reference`)
      continue
    }
    const earlier = seenReferences.get(reference)
    if (earlier !== undefined)
      fail(`capture ${reference} credited twice: entries ${earlier} and ${entry.id}`)
    seenReferences.set(reference, entry.id)
    const topup = runTopups.find((t) => t.creditEntryId === entry.id)
    if (!topup) fail(`purchase entry ${entry.id} belongs to no top-up`)
    else if (
      topup.paypalCaptureId !== reference ||
      topup.amountCents !== entry.amountCents ||
      topup.userId !== entry.userId ||
      topup.purpose !== 'custom_credits'
    )
      fail(`purchase entry ${entry.id} does not match top-up ${topup.id}`)
  }
  const seenCaptures = new Map<string, number>()
  for (const topup of runTopups) {
    if (topup.paypalCaptureId) {
      const other = seenCaptures.get(topup.paypalCaptureId)
      if (other !== undefined)
        fail(`capture ${topup.paypalCaptureId} recorded on top-ups ${other} and ${topup.id}`)
      seenCaptures.set(topup.paypalCaptureId, topup.id)
    }
    if (TRANSIENT.includes(topup.status))
      fail(`top-up ${topup.id} (${topup.purpose}) still ${topup.status} after quiescing`)
    if (topup.status === 'failed' && topup.refundedCents > 0) counts.failedAfterPartialRefund++
    // PayPal took the money and kept (part of) it: the top-up must not end as "never paid".
    const atPayPal = input.paypal.get(topup.id)
    if (
      topup.status === 'failed' &&
      atPayPal &&
      ['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(atPayPal.captureState) &&
      atPayPal.refundedCents < topup.amountCents
    ) {
      counts.paidButFailed++
      fail(
        `top-up ${topup.id} (${topup.purpose}) is failed ("${topup.failureReason}") with nothing credited, but PayPal captured ${topup.amountCents} and refunded only ${atPayPal.refundedCents} (capture ${atPayPal.captureState}; our record of refunds: ${topup.refundedCents})`,
        'refunded-capture-recorded-as-failed',
      )
    }
    if (topup.refundedCents > topup.amountCents)
      fail(`top-up ${topup.id}: refunded ${topup.refundedCents} of ${topup.amountCents}`)
    // The refunded total is the sum of one record per PayPal refund, never a counter.
    const recorded = refundRows
      .filter((r) => r.topupId === topup.id)
      .reduce((sum, r) => sum + r.amountCents, 0)
    if (recorded !== topup.refundedCents)
      fail(
        `top-up ${topup.id}: refunded_cents ${topup.refundedCents}, its refund records sum to ${recorded}`,
      )
    // After the refund reconciliation every refund PayPal made on a capture we recorded is
    // ours too, exactly once (declined captures took no money, so nothing was refunded).
    if (
      atPayPal &&
      topup.paypalCaptureId !== null &&
      topup.status !== 'failed' &&
      topup.refundedCents !== atPayPal.refundedCents
    )
      fail(
        `top-up ${topup.id} (${topup.purpose}, ${topup.status}): PayPal refunded ${atPayPal.refundedCents}, we recorded ${topup.refundedCents}`,
      )

    if (topup.purpose === 'custom_credits') {
      const own = purchases.filter((e) => metaNumber(e, 'topupId') === topup.id)
      if (topup.status === 'completed') counts.completedCreditTopups++
      if (own.length > 1) fail(`top-up ${topup.id} has ${own.length} purchase entries`)
      if (topup.status === 'completed' && own.length !== 1)
        fail(`completed top-up ${topup.id} has ${own.length} purchase entries`)
      if (topup.creditEntryId !== null) {
        if (own.length !== 1 || own[0]!.id !== topup.creditEntryId)
          fail(
            `top-up ${topup.id} points at entry ${topup.creditEntryId}, journal has ${own.map((e) => e.id).join(',') || 'none'}`,
          )
        if (!['completed', 'refunded', 'reversed'].includes(topup.status))
          fail(`credited top-up ${topup.id} is ${topup.status}`)
      } else if (own.length > 0) {
        fail(
          `top-up ${topup.id} (${topup.status}) was credited by entry ${own[0]!.id} but does not record it`,
        )
      }
      const compensations = entries.filter(
        (e) =>
          (e.type === 'refund' || e.type === 'chargeback') && metaNumber(e, 'topupId') === topup.id,
      )
      const compensated = -compensations.reduce((sum, e) => sum + e.amountCents, 0)
      if (compensated > topup.refundedCents)
        fail(
          `top-up ${topup.id}: ${compensated} compensated but only ${topup.refundedCents} refunded`,
        )
      if (compensations.length > 0 && topup.creditEntryId === null)
        fail(`top-up ${topup.id}: compensated but never credited`)
      continue
    }

    // Token top-ups: VirtFusion credits with reference_1 = the top-up id.
    const credits = virtfusionFake.credits(topup.userId).filter((c) => c.reference_1 === topup.id)
    const live = credits.filter((c) => !c.cancelled)
    const purchaseRow = tokenRows.find((t) => t.topupId === topup.id && t.type === 'purchase')
    switch (topup.status) {
      case 'completed':
        counts.completedTokenTopups++
        if (credits.length !== 1 || live.length !== 1)
          fail(
            `completed token top-up ${topup.id}: ${credits.length} VirtFusion credits (${live.length} live), expected exactly one`,
          )
        else if (credits[0]!.id !== topup.virtfusionCreditId)
          fail(
            `completed token top-up ${topup.id} records credit ${topup.virtfusionCreditId}, VirtFusion has ${credits[0]!.id}`,
          )
        if (purchaseRow?.status !== 'delivered')
          fail(
            `completed token top-up ${topup.id}: purchase token entry is ${purchaseRow?.status ?? 'missing'}`,
          )
        break
      case 'review':
        counts.reviewTokenTopups++
        if (credits.length > 0) counts.reviewWithCredit++
        if (credits.length > 1)
          fail(`token top-up ${topup.id} in review has ${credits.length} VirtFusion credits`)
        break
      case 'refunded':
      case 'reversed':
        if (credits.length > 1)
          fail(`${topup.status} token top-up ${topup.id} has ${credits.length} VirtFusion credits`)
        if (topup.virtfusionCreditId !== null && live.length > 0)
          fail(
            `${topup.status} token top-up ${topup.id}: VirtFusion credit ${topup.virtfusionCreditId} was never cancelled`,
          )
        if (topup.virtfusionCreditId === null && live.length > 0) {
          counts.refundedWithLiveCreditUnknownToUs++
          // A refund while the delivery outcome was unknown must stay in review (ADR 013).
          fail(
            `${topup.status} token top-up ${topup.id} has live VirtFusion credit ${live[0]!.id} we never learned of`,
          )
        }
        break
      case 'flagged':
        if (credits.length > 1)
          fail(`flagged token top-up ${topup.id} has ${credits.length} VirtFusion credits`)
        if (credits.some((c) => c.cancelled))
          fail(
            `token top-up ${topup.id} was only partly refunded (${topup.refundedCents} of ${topup.amountCents}, flagged for an admin) but its whole VirtFusion credit ${credits[0]!.id} was cancelled`,
            'partial-refund-cancels-whole-credit',
          )
        break
      default:
        if (credits.length > 0)
          fail(
            `token top-up ${topup.id} is ${topup.status} but has ${credits.length} VirtFusion credits`,
          )
    }
  }
  const tokenTopupIds = new Set(
    runTopups.filter((t) => t.purpose === 'virtfusion_tokens').map((t) => t.id),
  )
  for (const id of userIds) {
    for (const credit of virtfusionFake.credits(id)) {
      if (credit.reference_1 === null || !tokenTopupIds.has(credit.reference_1))
        fail(
          `VirtFusion credit ${credit.id} of user ${id} references no token top-up of theirs (${credit.reference_1})`,
        )
    }
  }
  for (const row of tokenRows) {
    if (row.tokens < 0 && row.status === 'pending' && row.virtfusionCreditId !== null)
      fail(
        `token cancellation ${row.id} (credit ${row.virtfusionCreditId}) still pending after quiescing`,
      )
  }

  // (4) a user's own spending never takes the balance below zero.
  for (const entry of entries) {
    if (SPEND_TYPES.has(entry.type) && entry.balanceAfterCents < 0)
      fail(
        `${entry.type} entry ${entry.id} took user ${entry.userId} to ${entry.balanceAfterCents}`,
      )
  }

  // (5) each period charged once, charged periods contiguous, upgrades within what they cost.
  const chargedEntries = new Set<number>()
  for (const charge of charges) {
    if (chargedEntries.has(charge.creditEntryId))
      fail(`ledger entry ${charge.creditEntryId} backs two service charges`)
    chargedEntries.add(charge.creditEntryId)
    const entry = entryById.get(charge.creditEntryId)
    if (!entry) {
      fail(
        `service charge ${charge.id} points at entry ${charge.creditEntryId}, not in the user's journal`,
      )
      continue
    }
    const owner = subscriptions.find((s) => s.id === charge.serviceId)
    if (
      entry.type !== CHARGE_ENTRY_TYPE[charge.kind] ||
      entry.amountCents !== -charge.amountCents ||
      entry.userId !== owner?.userId
    )
      fail(
        `service charge ${charge.id} (${charge.kind} ${charge.amountCents}) does not match entry ${entry.id} (${entry.type} ${entry.amountCents})`,
      )
    if (charge.kind === 'renewal') counts.renewals++
    if (charge.kind === 'upgrade') counts.upgrades++
    if (charge.kind === 'setup_fee') counts.setupFees++
  }
  for (const entry of entries) {
    if (SPEND_TYPES.has(entry.type) && !chargedEntries.has(entry.id))
      fail(`${entry.type} entry ${entry.id} (${entry.amountCents}) has no service charge record`)
  }
  for (const sub of subscriptions) {
    if (['pending', 'active', 'past_due', 'suspended'].includes(sub.status))
      fail(`subscription ${sub.id} still ${sub.status} after quiescing`)
    const own = charges.filter((c) => c.serviceId === sub.id)
    const periods = own
      .filter((c) => c.kind === 'purchase' || c.kind === 'renewal')
      .sort((a, b) => a.periodStart.getTime() - b.periodStart.getTime() || a.id - b.id)
    const extended = actionCount(sub.id, 'service.extend') > 0
    const fee = input.products.get(periods[0]?.productId ?? sub.productId)?.setupFeeCents ?? 0
    const fees = own.filter((c) => c.kind === 'setup_fee')
    if (fees.length !== (fee > 0 ? 1 : 0) || fees.some((c) => c.amountCents !== fee))
      fail(
        `subscription ${sub.id}: setup fee charges [${fees.map((c) => c.amountCents).join(',')}], the product's fee is ${fee}`,
      )
    if (periods.length === 0) {
      fail(`subscription ${sub.id} has no purchase charge`)
      continue
    }
    if (
      periods[0]!.kind !== 'purchase' ||
      periods.filter((c) => c.kind === 'purchase').length !== 1
    )
      fail(
        `subscription ${sub.id}: charges do not start with exactly one purchase (${periods.map((c) => c.kind).join(',')})`,
      )
    for (let i = 1; i < periods.length; i++) {
      const [before, after] = [periods[i - 1]!, periods[i]!]
      if (iso(before.periodStart) === iso(after.periodStart))
        fail(
          `subscription ${sub.id}: period ${iso(after.periodStart)} charged twice (charges ${before.id}, ${after.id})`,
        )
      else if (
        iso(before.periodEnd) !== iso(after.periodStart) &&
        !(extended && before.periodEnd < after.periodStart)
      )
        fail(
          `subscription ${sub.id}: charged periods not contiguous (${iso(before.periodEnd)} then ${iso(after.periodStart)})`,
        )
    }
    const last = periods[periods.length - 1]!
    if (
      iso(last.periodStart) !== iso(sub.currentPeriodStart) ||
      (iso(last.periodEnd) !== iso(sub.currentPeriodEnd) &&
        !(extended && last.periodEnd < sub.currentPeriodEnd))
    )
      fail(
        `subscription ${sub.id}: current period ${iso(sub.currentPeriodStart)}–${iso(sub.currentPeriodEnd)} is not the last one charged (${iso(last.periodStart)}–${iso(last.periodEnd)})`,
      )

    for (const period of periods) {
      const upgrades = own.filter(
        (c) => c.kind === 'upgrade' && iso(c.periodStart) === iso(period.periodStart),
      )
      if (upgrades.length === 0) continue
      let total = 0
      for (const upgrade of upgrades) {
        total += upgrade.amountCents
        const entry = entryById.get(upgrade.creditEntryId)
        const from = entry ? metaNumber(entry, 'fromProductId') : null
        const to = entry ? metaNumber(entry, 'toProductId') : null
        // An admin's price for this service (change_price) is what the upgrade is prorated on.
        const difference =
          from !== null && to !== null && actionCount(sub.id, 'service.change_price') === 0
            ? (priceOf(to, upgrade.cycle) ?? 0) - (priceOf(from, upgrade.cycle) ?? 0)
            : null
        if (difference !== null && upgrade.amountCents > difference)
          fail(
            `subscription ${sub.id}: upgrade ${from}→${to} charged ${upgrade.amountCents}, more than the whole price difference ${difference}`,
          )
      }
      const final = upgrades[upgrades.length - 1]!
      const ceiling = (priceOf(final.productId, final.cycle) ?? 0) - period.amountCents
      if (total > ceiling)
        fail(
          `subscription ${sub.id}: upgrades in period ${iso(period.periodStart)} charged ${total} in total, more than ${ceiling} (final plan price − price paid for the period)`,
        )
    }
    for (const upgrade of own.filter((c) => c.kind === 'upgrade')) {
      if (!periods.some((p) => iso(p.periodStart) === iso(upgrade.periodStart)))
        fail(
          `subscription ${sub.id}: upgrade charge ${upgrade.id} in an unpaid period ${iso(upgrade.periodStart)}`,
        )
    }
  }

  const records = await checkServiceRecords(db, {
    services: subscriptions,
    charges,
    actions: input.actions,
    webhookFamily: 'dns',
    received: input.received,
  })
  violations.push(...records.violations)
  Object.assign(counts, records.counts)

  return { violations, counts }
}

/** Open work of the run's users that quiescing has to finish (0 when settled). */
export async function openWork(db: Db, userIds: number[]): Promise<number> {
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(topups)
    .where(and(inArray(topups.userId, userIds), inArray(topups.status, [...TRANSIENT])))
  const [cancellations] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tokenTransactions)
    .where(
      and(
        inArray(tokenTransactions.userId, userIds),
        eq(tokenTransactions.status, 'pending'),
        sql`${tokenTransactions.tokens} < 0`,
        sql`${tokenTransactions.virtfusionCreditId} is not null`,
      ),
    )
  return (open?.n ?? 0) + (cancellations?.n ?? 0)
}
