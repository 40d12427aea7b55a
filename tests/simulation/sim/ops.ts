import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import { services, topups, type Topup } from '#db/schema/index.ts'
import { isAppError, type AppErrorCode } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import {
  cancelPlan,
  changePlan,
  previewChange,
  resumePlan,
} from '#server/services/dns-plans/change-plan.ts'
import { prorateUpgrade } from '#server/services/dns-plans/periods.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { captureRequestId, captureTopup } from '#server/services/payments/capture-topup.ts'
import { createTopupOrder } from '#server/services/payments/create-topup-order.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import {
  deliverVirtFusionTokens,
  runDueDeliveries,
} from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'
import {
  captureEvent,
  captureStateOf,
  clearPayPalFailures,
  clearVirtFusionFlags,
  deliverWebhook,
  fakeOrder,
  refundEvent,
  withNewEventId,
} from './fakes.ts'
import type { Violation } from './invariants.ts'
import { SERVICE_WEIGHTS, serviceOpsOf, type ServiceKind } from './services-ops.ts'
import type { Rng } from './rng.ts'
import type { Plan, Pool, SimUser, World } from './world.ts'

/**
 * The operations of a run. Every random choice is drawn when the operation is generated
 * (so a seed always yields the same sequence of operations); what an operation finds when
 * it runs (which top-up is capturable, whether an event exists yet) depends on the
 * interleaving, and an operation with nothing to act on reports 'skip'.
 */

export type Purpose = Topup['purpose']

export type TopupSlot = {
  userIdx: number
  purpose: Purpose
  amountCents: number
  topupId?: number
  orderId?: string
  /** What PayPal has refunded or reversed of this capture so far (the simulated PayPal side). */
  paypalRefundedCents: number
}

type AdminKeyRecord = {
  /** The batch that first used the key: repeats come from later batches only. */
  batch: number
  userIdx: number
  key: string
  direction: 'add' | 'remove'
  amount: number
  reason: string
  entryId?: number
}

type EventSlot = { body?: string; kind?: 'capture' | 'refund' }
type QuoteSlot = { userIdx: number; planId: number; token?: string }

export type RunContext = {
  seed: number
  rng: Rng
  world: World
  users: SimUser[]
  admin: SimUser
  now: Date
  /** The batch being generated or run. */
  batch: number
  outage: boolean
  topups: TopupSlot[]
  adminKeys: AdminKeyRecord[]
  purchaseKeys: { userIdx: number; key: string }[]
  quotes: QuoteSlot[]
  events: EventSlot[]
  /** Every admin entry id an adjustment call returned, per user (the model of admin entries). */
  adminEntryIds: Map<number, Set<number>>
  counter: number
  log: string[]
  /** Violations an operation observed itself (checked with the invariants after the run). */
  violations: Violation[]
  /** Admin actions on services that succeeded, per service and action (e.g. 'service.suspend'). */
  serviceActions: Map<number, Map<string, number>>
  stats: Stats
}

export type Stats = Map<string, Map<string, number>>

export type Op = {
  name: string
  /** Business errors this operation may end with; anything else fails the run. */
  allowed: readonly AppErrorCode[]
  /** `note` adds a detail to the operation's log line (e.g. which top-up it acted on). */
  run: (note: (detail: string) => void) => Promise<string>
}

const CAPTURE_ERRORS: readonly AppErrorCode[] = [
  'ALREADY_CAPTURED',
  'CAPTURE_IN_PROGRESS',
  'PAYMENT_NOT_APPROVED',
  'PAYMENT_DECLINED',
  'PAYMENT_VERIFICATION_FAILED',
  'RATE_LIMITED',
]
const DNS_ERRORS: readonly AppErrorCode[] = [
  'INSUFFICIENT_CREDITS',
  'CONFLICT',
  'NOT_FOUND',
  'RATE_LIMITED',
]
export const NONE: readonly AppErrorCode[] = []

/** A failure of an expectation inside an operation (not a service error). */
export class SimulationCheckError extends Error {
  override name = 'SimulationCheckError'
}

const PAID: ReadonlySet<string> = new Set(['completed', 'captured', 'delivering', 'review'])

// ---------------------------------------------------------------- small helpers

export const next = (ctx: RunContext) => ++ctx.counter
export const minutes = (date: Date, count: number) => new Date(date.getTime() + count * 60_000)

export function pickPool(ctx: RunContext): Pool {
  return ctx.rng.pick(ctx.world.pools)
}

function pickProviders(ctx: RunContext): Providers {
  return ctx.rng.chance(0.7) ? ctx.world.providers : ctx.world.otherProcess
}

/** Webhooks arrive through the route (the app's pool) or at another process's service. */
function pickWebhookVia(ctx: RunContext) {
  if (ctx.rng.chance(0.3)) return { route: true as const }
  const pool = pickPool(ctx)
  return { route: false as const, db: pool.db, providers: pickProviders(ctx) }
}

/** The first slot from `start` on (cyclically) that satisfies `test`. */
export function scan<T>(
  items: readonly T[],
  start: number,
  test: (item: T) => boolean,
): T | undefined {
  for (let i = 0; i < items.length; i++) {
    const item = items[(start + i) % items.length]!
    if (test(item)) return item
  }
  return undefined
}

export const startIndex = (ctx: RunContext) => ctx.rng.int(0, 1 << 20)

async function topupRow(db: Db, id: number): Promise<Topup | undefined> {
  const [row] = await db.select().from(topups).where(eq(topups.id, id))
  return row
}

/** This run's token top-ups that are captured and due for delivery, oldest first. */
async function dueTokenTopups(db: Db, ctx: RunContext): Promise<Topup[]> {
  return db
    .select()
    .from(topups)
    .where(
      and(
        inArray(
          topups.userId,
          ctx.users.map((u) => u.id),
        ),
        eq(topups.status, 'captured'),
        sql`${topups.nextDeliveryAt} <= now()`,
      ),
    )
    .orderBy(topups.id)
}

export function userId(ctx: RunContext, index: number): number {
  return ctx.users[index % ctx.users.length]!.id
}

export function amountCents(ctx: RunContext, min: number, max: number): number {
  // Round amounts most of the time, odd cents sometimes.
  const cents = ctx.rng.int(min, max)
  return ctx.rng.chance(0.6) ? Math.max(min, Math.round(cents / 100) * 100) : cents
}

// ---------------------------------------------------------------- top-ups

type CheckoutPlan = {
  slot: TopupSlot
  approve: boolean
  pending: boolean
  decline: boolean
  mismatch: boolean
}

function planCheckout(
  ctx: RunContext,
  force: { purpose?: Purpose; plain?: boolean } = {},
): CheckoutPlan {
  const drawn: Purpose = ctx.rng.chance(0.6) ? 'custom_credits' : 'virtfusion_tokens'
  const purpose = force.purpose ?? drawn
  const slot: TopupSlot = {
    userIdx: ctx.rng.int(0, ctx.users.length - 1),
    purpose,
    amountCents: amountCents(ctx, 100, 6000),
    paypalRefundedCents: 0,
  }
  ctx.topups.push(slot)
  const plan = {
    slot,
    approve: ctx.rng.chance(0.8),
    pending: ctx.rng.chance(0.2),
    decline: ctx.rng.chance(0.12),
    mismatch: ctx.rng.chance(0.03),
  }
  // A plain checkout: approved, paid at once, nothing odd (a setup step for another scenario).
  return force.plain
    ? { slot, approve: true, pending: false, decline: false, mismatch: false }
    : plan
}

/**
 * One of this run's token top-ups captured and due for delivery (passing `test`); when there
 * is none, a buyer checks out a fresh one now (`fallback`, planned when the op was generated).
 */
async function dueTokenTopup(
  ctx: RunContext,
  pool: Pool,
  start: number,
  fallback: CheckoutPlan,
  test: (slot: TopupSlot) => boolean = () => true,
): Promise<TopupSlot | undefined> {
  const due = new Set((await dueTokenTopups(pool.db, ctx)).map((row) => row.id))
  const found = scan(
    ctx.topups,
    start,
    (s) => s.topupId !== undefined && due.has(s.topupId) && test(s),
  )
  if (found) return found
  const { orderId } = await runCreate(ctx, fallback, pool, ctx.world.providers)
  try {
    const result = await captureTopup(pool.db, ctx.world.providers, {
      userId: userId(ctx, fallback.slot.userIdx),
      orderId,
      purpose: 'virtfusion_tokens',
    })
    return result.status === 'captured' ? fallback.slot : undefined
  } catch (error) {
    // A concurrent operation got to the new order first: nothing to act on here.
    if (isAppError(error) && CAPTURE_ERRORS.includes(error.code)) return undefined
    throw error
  }
}

async function runCreate(ctx: RunContext, plan: CheckoutPlan, pool: Pool, providers: Providers) {
  const { slot } = plan
  const created = await createTopupOrder(pool.db, providers, {
    userId: userId(ctx, slot.userIdx),
    purpose: slot.purpose,
    amountCents: slot.amountCents,
    siteOrigin: 'http://localhost:3000',
  })
  slot.topupId = created.topupId
  slot.orderId = created.orderId
  if (plan.pending) paypalFake.capturePending(created.orderId)
  if (plan.decline) paypalFake.declineNextCapture(created.orderId)
  if (plan.mismatch) {
    paypalFake.overrideCapturedAmount(created.orderId, {
      value: centsToDecimal(slot.amountCents + 1),
    })
  }
  if (plan.approve) paypalFake.approve(created.orderId)
  return created
}

function opCreateTopup(ctx: RunContext): Op {
  const plan = planCheckout(ctx)
  const pool = pickPool(ctx)
  const providers = pickProviders(ctx)
  return {
    name: 'topup.create',
    allowed: NONE,
    run: async () => {
      await runCreate(ctx, plan, pool, providers)
      return plan.approve ? 'approved' : 'unapproved'
    },
  }
}

/** A buyer's whole checkout: create, approve at PayPal, capture (maybe twice, as a double click). */
function opCheckout(ctx: RunContext): Op {
  const plan = planCheckout(ctx)
  const pool = pickPool(ctx)
  const providers = pickProviders(ctx)
  const doubleClick = ctx.rng.chance(0.2)
  const secondPool = pickPool(ctx)
  return {
    name: doubleClick ? 'topup.checkout-double-click' : 'topup.checkout',
    allowed: CAPTURE_ERRORS,
    run: async (note) => {
      const { orderId, topupId } = await runCreate(ctx, plan, pool, providers)
      note(`top-up ${topupId}`)
      const input = {
        userId: userId(ctx, plan.slot.userIdx),
        orderId,
        purpose: plan.slot.purpose,
      }
      if (!doubleClick) return `ok:${(await captureTopup(pool.db, providers, input)).status}`
      const [first, second] = await Promise.allSettled([
        captureTopup(pool.db, providers, input),
        captureTopup(secondPool.db, ctx.world.otherProcess, input),
      ])
      const ok = [first, second].filter((r) => r.status === 'fulfilled').length
      for (const r of [first, second]) {
        if (
          r.status === 'rejected' &&
          !(isAppError(r.reason) && CAPTURE_ERRORS.includes(r.reason.code))
        )
          throw r.reason
      }
      if (ok === 0 && first.status === 'rejected') throw first.reason
      return `ok:${ok}-succeeded`
    },
  }
}

function opCapture(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const pool = pickPool(ctx)
  const providers = pickProviders(ctx)
  const variant = ctx.rng.weighted([
    ['owner', 12],
    ['wrong-user', 1],
    ['wrong-purpose', 1],
  ] as const)
  const preferOpen = ctx.rng.chance(0.7)
  return {
    name: variant === 'owner' ? 'topup.capture' : `topup.capture-${variant}`,
    allowed: variant === 'owner' ? CAPTURE_ERRORS : ['NOT_FOUND'],
    run: async (note) => {
      const slot =
        (preferOpen
          ? scan(
              ctx.topups,
              start,
              (s) => s.orderId !== undefined && fakeOrder(s.orderId)?.status === 'APPROVED',
            )
          : undefined) ?? scan(ctx.topups, start, (s) => s.orderId !== undefined)
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const input = {
        userId: userId(ctx, slot.userIdx + (variant === 'wrong-user' ? 1 : 0)),
        orderId: slot.orderId!,
        purpose:
          variant === 'wrong-purpose'
            ? slot.purpose === 'custom_credits'
              ? ('virtfusion_tokens' as const)
              : ('custom_credits' as const)
            : slot.purpose,
      }
      if (variant === 'wrong-user' && ctx.users.length < 2) return 'skip'
      const result = await captureTopup(pool.db, providers, input)
      if (variant !== 'owner') {
        throw new SimulationCheckError(
          `capture by ${variant} of order ${slot.orderId} succeeded (${result.status})`,
        )
      }
      return `ok:${result.status}`
    },
  }
}

function opApproveLater(ctx: RunContext): Op {
  const start = startIndex(ctx)
  return {
    name: 'topup.approve-later',
    allowed: NONE,
    run: () => {
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && fakeOrder(s.orderId)?.status === 'CREATED',
      )
      if (!slot) return Promise.resolve('skip')
      paypalFake.approve(slot.orderId!)
      return Promise.resolve('ok')
    },
  }
}

/**
 * PayPal's COMPLETED webhook overtakes the answer to our own capture call: the hook posts
 * it after PayPal captured, before captureTopup sees the answer. The buyer who just paid
 * must be answered with success, and credited once.
 */
function opCaptureOvertaken(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const pool = pickPool(ctx)
  const webhookPool = pickPool(ctx)
  return {
    name: 'topup.capture-overtaken-by-webhook',
    allowed: CAPTURE_ERRORS,
    run: async (note) => {
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && fakeOrder(s.orderId)?.status === 'APPROVED',
      )
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const orderId = slot.orderId!
      let webhookOutcome: string | undefined
      let hookError: unknown
      ctx.world.hookedPayPal.onCapture.set(orderId, async () => {
        if (captureStateOf(orderId) === 'none') return
        try {
          webhookOutcome = await deliverWebhook(
            captureEvent('PAYMENT.CAPTURE.COMPLETED', orderId),
            { route: false, db: webhookPool.db, providers: ctx.world.otherProcess },
          )
        } catch (error) {
          hookError = error
        }
      })
      try {
        const result = await captureTopup(pool.db, ctx.world.hookedPayPal.providers, {
          userId: userId(ctx, slot.userIdx),
          orderId,
          purpose: slot.purpose,
        })
        if (hookError) throw hookError
        return `ok:${result.status}`
      } catch (error) {
        if (hookError) throw hookError
        if (
          isAppError(error) &&
          error.code === 'ALREADY_CAPTURED' &&
          (webhookOutcome === 'order credited' || webhookOutcome === 'order captured')
        ) {
          const row = await topupRow(pool.db, slot.topupId!)
          if (row && PAID.has(row.status)) {
            throw new SimulationCheckError(
              `top-up ${slot.topupId}: the webhook settled the buyer's own capture first (${webhookOutcome}) and the buyer was answered ALREADY_CAPTURED`,
            )
          }
        }
        throw error
      } finally {
        ctx.world.hookedPayPal.onCapture.delete(orderId)
      }
    },
  }
}

// ---------------------------------------------------------------- PayPal webhooks

function reserveEvent(ctx: RunContext): EventSlot {
  const slot: EventSlot = {}
  ctx.events.push(slot)
  return slot
}

function opCompletedWebhook(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const via = pickWebhookVia(ctx)
  const eventSlot = reserveEvent(ctx)
  return {
    name: 'webhook.capture-completed',
    allowed: NONE,
    run: async (note) => {
      const pending = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && captureStateOf(s.orderId) === 'PENDING',
      )
      const slot =
        pending ??
        scan(
          ctx.topups,
          start,
          (s) => s.orderId !== undefined && captureStateOf(s.orderId) === 'COMPLETED',
        )
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const body = captureEvent('PAYMENT.CAPTURE.COMPLETED', slot.orderId!)
      eventSlot.body = body
      eventSlot.kind = 'capture'
      return deliverWebhook(body, via)
    },
  }
}

function opDeniedWebhook(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const via = pickWebhookVia(ctx)
  const type = ctx.rng.chance(0.5) ? 'PAYMENT.CAPTURE.DENIED' : 'PAYMENT.CAPTURE.DECLINED'
  const eventSlot = reserveEvent(ctx)
  return {
    name: 'webhook.capture-denied',
    allowed: NONE,
    run: async (note) => {
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && captureStateOf(s.orderId) === 'PENDING',
      )
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const body = captureEvent(type, slot.orderId!)
      eventSlot.body = body
      eventSlot.kind = 'capture'
      return deliverWebhook(body, via)
    },
  }
}

/** PayPal finishes a pending capture but its webhook is lost (reconciliation must find it). */
function opSilentCompletion(ctx: RunContext): Op {
  const start = startIndex(ctx)
  return {
    name: 'paypal.silent-completion',
    allowed: NONE,
    run: () => {
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && captureStateOf(s.orderId) === 'PENDING',
      )
      if (!slot) return Promise.resolve('skip')
      paypalFake.completeCapture(slot.orderId!)
      return Promise.resolve('ok')
    },
  }
}

type RefundKind = 'full' | 'partial' | 'reversal'

type RefundPlan = { kind: RefundKind; fraction: number; id: string }

function planRefund(ctx: RunContext, kind?: RefundKind): RefundPlan {
  return {
    kind:
      kind ??
      ctx.rng.weighted([
        ['full', 4],
        ['partial', 4],
        ['reversal', 2],
      ] as const),
    fraction: ctx.rng.next(),
    id: `REFUND-SIM-${ctx.seed}-${next(ctx)}`,
  }
}

const refundable = (s: TopupSlot) =>
  s.orderId !== undefined &&
  s.paypalRefundedCents < s.amountCents &&
  ['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(captureStateOf(s.orderId))

/** PayPal refunds (part of) the capture now; returns the event body to deliver. */
function refundAtPayPal(slot: TopupSlot, plan: RefundPlan): string {
  const remaining = slot.amountCents - slot.paypalRefundedCents
  const cents =
    plan.kind === 'partial' && remaining > 1
      ? Math.min(remaining - 1, Math.max(1, Math.floor(plan.fraction * remaining)))
      : remaining
  slot.paypalRefundedCents += cents
  return refundEvent(
    plan.kind === 'reversal' ? 'PAYMENT.CAPTURE.REVERSED' : 'PAYMENT.CAPTURE.REFUNDED',
    slot.orderId!,
    cents,
    plan.id,
  )
}

function opRefund(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const plan = planRefund(ctx)
  const via = pickWebhookVia(ctx)
  const eventSlot = reserveEvent(ctx)
  return {
    name: `webhook.refund-${plan.kind}`,
    // A refund for a capture not recorded yet is refused (503) so PayPal redelivers it.
    allowed: ['SERVICE_UNAVAILABLE'],
    run: async (note) => {
      const slot = scan(ctx.topups, start, refundable)
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const body = refundAtPayPal(slot, plan)
      eventSlot.body = body
      eventSlot.kind = 'refund'
      return deliverWebhook(body, via)
    },
  }
}

/** An event delivered again: the same delivery (same event id) or a re-send under a new id. */
function opReplayWebhook(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const newId = ctx.rng.chance(0.3)
  const via = pickWebhookVia(ctx)
  return {
    name: newId ? 'webhook.resend-new-event-id' : 'webhook.replay-same-event',
    // Replaying a refund whose capture is not recorded yet gets the same retryable 503.
    allowed: ['SERVICE_UNAVAILABLE'],
    run: async () => {
      const eventSlot = scan(ctx.events, start, (e) => e.body !== undefined)
      if (!eventSlot?.body) return 'skip'
      const outcome = await deliverWebhook(
        newId ? withNewEventId(eventSlot.body) : eventSlot.body,
        via,
      )
      return outcome.split(' ').slice(0, 2).join(' ')
    },
  }
}

function opForgedWebhook(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const via = pickWebhookVia(ctx)
  return {
    name: 'webhook.forged-signature',
    allowed: ['VALIDATION_FAILED'],
    run: async () => {
      const eventSlot = scan(ctx.events, start, (e) => e.body !== undefined)
      if (!eventSlot?.body) return 'skip'
      const outcome = await deliverWebhook(withNewEventId(eventSlot.body), via, {
        validSignature: false,
      })
      throw new SimulationCheckError(`a webhook with a forged signature was processed: ${outcome}`)
    },
  }
}

// ---------------------------------------------------------------- admin adjustments

function runAdjust(
  ctx: RunContext,
  pool: Pool,
  record: Pick<AdminKeyRecord, 'userIdx' | 'direction' | 'amount' | 'reason'> & { key?: string },
) {
  return adjustCreditsByAdmin(pool.db, {
    userId: userId(ctx, record.userIdx),
    amount: record.amount,
    reason: record.reason,
    idempotencyKey: record.key,
    direction: record.direction,
    admin: { id: ctx.admin.id, name: ctx.admin.name },
  })
}

export function remember(ctx: RunContext, userIdx: number, entryId: number) {
  const id = userId(ctx, userIdx)
  let set = ctx.adminEntryIds.get(id)
  if (!set) ctx.adminEntryIds.set(id, (set = new Set<number>()))
  set.add(entryId)
}

function planAdjustment(ctx: RunContext, direction: 'add' | 'remove', keyed: boolean) {
  const record = {
    userIdx: ctx.rng.int(0, ctx.users.length - 1),
    direction,
    amount: direction === 'add' ? amountCents(ctx, 1, 6000) : amountCents(ctx, 1, 3000),
    reason: `simulated ${direction} #${next(ctx)}`,
    key: keyed ? `sim-${ctx.seed}-admin-${ctx.counter}` : undefined,
  }
  if (record.key) ctx.adminKeys.push({ ...record, key: record.key, batch: ctx.batch })
  return record
}

export function adjustmentOp(
  ctx: RunContext,
  record: ReturnType<typeof planAdjustment>,
  name: string,
): Op {
  const pool = pickPool(ctx)
  return {
    name,
    // A fresh key (or none) never conflicts; identical copies of one request replay.
    allowed: NONE,
    run: async () => {
      const result = await runAdjust(ctx, pool, record)
      remember(ctx, record.userIdx, result.entry.id)
      if (record.key) {
        const stored = ctx.adminKeys.find((k) => k.key === record.key)!
        stored.entryId ??= result.entry.id
        if (stored.entryId !== result.entry.id) {
          throw new SimulationCheckError(
            `idempotency key ${record.key} returned entries ${stored.entryId} and ${result.entry.id}`,
          )
        }
      }
      return 'ok'
    },
  }
}

function opAdmin(ctx: RunContext, direction: 'add' | 'remove'): Op {
  const keyed = ctx.rng.chance(0.5)
  const record = planAdjustment(ctx, direction, keyed)
  return adjustmentOp(ctx, record, `admin.${direction}${keyed ? '-keyed' : ''}`)
}

/** The same keyed adjustment sent several times at once (a double-submitted form). */
function opsAdminBurst(ctx: RunContext): Op[] {
  const record = planAdjustment(ctx, ctx.rng.chance(0.7) ? 'add' : 'remove', true)
  const copies = ctx.rng.int(2, 3)
  return Array.from({ length: copies }, () => adjustmentOp(ctx, record, 'admin.burst-same-key'))
}

/** A keyed adjustment repeated later: identical (must return the same entry) or altered (CONFLICT). */
function opAdminRepeat(ctx: RunContext): Op {
  // Keys from earlier batches only: their first use has finished, so its entry is known.
  const record = ctx.rng.maybePick(ctx.adminKeys.filter((k) => k.batch < ctx.batch))
  const altered = ctx.rng.chance(0.2)
  const pool = pickPool(ctx)
  return {
    name: altered ? 'admin.repeat-key-altered' : 'admin.repeat-key',
    allowed: altered ? ['CONFLICT'] : NONE,
    run: async () => {
      if (!record) return 'skip'
      const result = await runAdjust(ctx, pool, {
        ...record,
        amount: altered ? record.amount + 1 : record.amount,
      })
      if (altered) {
        throw new SimulationCheckError(
          `idempotency key ${record.key} reused for a different amount was accepted (entry ${result.entry.id})`,
        )
      }
      remember(ctx, record.userIdx, result.entry.id)
      record.entryId ??= result.entry.id
      if (record.entryId !== result.entry.id) {
        throw new SimulationCheckError(
          `idempotency key ${record.key} returned entries ${record.entryId} and ${result.entry.id}`,
        )
      }
      return 'ok:replayed'
    },
  }
}

// ---------------------------------------------------------------- DNS plans

function pickPlan(ctx: RunContext): Plan {
  return ctx.rng.weighted(ctx.world.plans.map((plan, index) => [plan, 3 - Math.min(index, 2)]))
}

function purchaseOp(
  ctx: RunContext,
  userIdx: number,
  plan: Plan,
  key: string | undefined,
  name: string,
): Op {
  const pool = pickPool(ctx)
  return {
    name,
    allowed: DNS_ERRORS,
    run: async () => {
      const view = await purchasePlan(pool.db, {
        userId: userId(ctx, userIdx),
        planId: plan.id,
        idempotencyKey: key,
        now: ctx.now,
      })
      return `ok:${view.status}`
    },
  }
}

function opPurchase(ctx: RunContext): Op {
  const userIdx = ctx.rng.int(0, ctx.users.length - 1)
  const plan = pickPlan(ctx)
  const mode = ctx.rng.weighted([
    ['no-key', 5],
    ['keyed', 4],
    ['reused-key', 1],
  ] as const)
  let key: string | undefined
  if (mode === 'keyed') {
    key = `sim-${ctx.seed}-dns-${next(ctx)}`
    ctx.purchaseKeys.push({ userIdx, key })
  } else if (mode === 'reused-key') {
    const earlier = ctx.rng.maybePick(ctx.purchaseKeys)
    if (earlier)
      return purchaseOp(ctx, earlier.userIdx, plan, earlier.key, 'dns.purchase-reused-key')
  }
  return purchaseOp(
    ctx,
    userIdx,
    plan,
    key,
    `dns.purchase-${mode === 'keyed' ? 'keyed' : 'no-key'}`,
  )
}

function opsPurchaseBurst(ctx: RunContext): Op[] {
  const userIdx = ctx.rng.int(0, ctx.users.length - 1)
  const plan = pickPlan(ctx)
  const keyed = ctx.rng.chance(0.5)
  const key = keyed ? `sim-${ctx.seed}-dns-${next(ctx)}` : undefined
  if (key) ctx.purchaseKeys.push({ userIdx, key })
  return [0, 1].map(() => purchaseOp(ctx, userIdx, plan, key, 'dns.purchase-burst'))
}

/** A user with a live plan (from `start` on), or `start` itself when nobody has one. */
async function subscriberFrom(db: Db, ctx: RunContext, start: number): Promise<number> {
  const live = await db
    .select({ userId: services.userId })
    .from(services)
    .where(
      and(
        inArray(
          services.userId,
          ctx.users.map((u) => u.id),
        ),
        inArray(services.status, ['pending', 'active', 'past_due', 'suspended']),
      ),
    )
  const ids = new Set(live.map((row) => row.userId))
  for (let i = 0; i < ctx.users.length; i++) {
    const index = (start + i) % ctx.users.length
    if (ids.has(ctx.users[index]!.id)) return index
  }
  return start
}

/** Preview (issuing a quote), then change, maybe confirming minutes later with the quote. */
function opChange(ctx: RunContext): Op {
  const start = ctx.rng.int(0, ctx.users.length - 1)
  const targeted = ctx.rng.chance(0.85)
  const plan = pickPlan(ctx)
  const withQuote = ctx.rng.chance(0.6)
  const confirmAfter = ctx.rng.int(0, 14)
  const quoteSlot: QuoteSlot = { userIdx: start, planId: plan.id }
  if (withQuote) ctx.quotes.push(quoteSlot)
  const pool = pickPool(ctx)
  return {
    name: withQuote ? 'dns.change-with-quote' : 'dns.change',
    allowed: DNS_ERRORS,
    run: async () => {
      const userIdx = targeted ? await subscriberFrom(pool.db, ctx, start) : start
      const id = userId(ctx, userIdx)
      let quote: string | undefined
      if (withQuote) {
        const preview = await previewChange(pool.db, { userId: id, planId: plan.id, now: ctx.now })
        quote = preview.quote ?? undefined
        quoteSlot.userIdx = userIdx
        quoteSlot.token = quote
      }
      const result = await changePlan(pool.db, {
        userId: id,
        planId: plan.id,
        quote,
        now: minutes(ctx.now, withQuote ? confirmAfter : 0),
      })
      return `ok:${result.kind}`
    },
  }
}

/** Only a preview: the quote is kept and may be confirmed later (or never). */
function opPreview(ctx: RunContext): Op {
  const start = ctx.rng.int(0, ctx.users.length - 1)
  const plan = pickPlan(ctx)
  const quoteSlot: QuoteSlot = { userIdx: start, planId: plan.id }
  ctx.quotes.push(quoteSlot)
  const pool = pickPool(ctx)
  return {
    name: 'dns.preview',
    allowed: DNS_ERRORS,
    run: async () => {
      const userIdx = await subscriberFrom(pool.db, ctx, start)
      const preview = await previewChange(pool.db, {
        userId: userId(ctx, userIdx),
        planId: plan.id,
        now: ctx.now,
      })
      quoteSlot.userIdx = userIdx
      quoteSlot.token = preview.quote ?? undefined
      return `ok:${preview.kind}`
    },
  }
}

/** Confirms a quote issued earlier (possibly stale, expired, or for a state that changed since). */
function opConfirmStoredQuote(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const after = ctx.rng.int(0, 12)
  const pool = pickPool(ctx)
  return {
    name: 'dns.confirm-stored-quote',
    allowed: DNS_ERRORS,
    run: async () => {
      const quoteSlot = scan(ctx.quotes, start, (q) => q.token !== undefined)
      if (!quoteSlot?.token) return 'skip'
      const result = await changePlan(pool.db, {
        userId: userId(ctx, quoteSlot.userIdx),
        planId: quoteSlot.planId,
        quote: quoteSlot.token,
        now: minutes(ctx.now, after),
      })
      return `ok:${result.kind}`
    },
  }
}

function opCancelOrResume(ctx: RunContext): Op {
  const start = ctx.rng.int(0, ctx.users.length - 1)
  const targeted = ctx.rng.chance(0.85)
  const cancel = ctx.rng.chance(0.7)
  const pool = pickPool(ctx)
  return {
    name: cancel ? 'dns.cancel' : 'dns.resume',
    allowed: DNS_ERRORS,
    run: async () => {
      const id = userId(ctx, targeted ? await subscriberFrom(pool.db, ctx, start) : start)
      const view = cancel ? await cancelPlan(pool.db, id) : await resumePlan(pool.db, id)
      return `ok:${view.status}`
    },
  }
}

/**
 * Two tabs: the user previews an upgrade to the top plan (getting a quote), upgrades to a
 * middle plan in the other tab, then confirms the first tab's quote. The confirmation may
 * charge at most what moving from the middle plan to the top plan costs for the rest of
 * the period (as of the quote).
 */
function opStaleQuoteAfterUpgrade(ctx: RunContext): Op {
  const start = ctx.rng.int(0, ctx.users.length - 1)
  const after = ctx.rng.int(0, 9)
  const pool = pickPool(ctx)
  return {
    name: 'dns.stale-quote-after-upgrade',
    allowed: DNS_ERRORS,
    run: async () => {
      const userIdx = await subscriberFrom(pool.db, ctx, start)
      const id = userId(ctx, userIdx)
      const [sub] = await pool.db
        .select()
        .from(services)
        .where(and(eq(services.userId, id), eq(services.status, 'active')))
      if (!sub) return 'skip'
      const plans = ctx.world.plans
      const current = plans.find((p) => p.id === sub.productId)
      const top = plans[plans.length - 1]!
      const middle = plans.find(
        (p) => current && p.priceCents > current.priceCents && p.priceCents < top.priceCents,
      )
      if (!current || !middle) return 'skip'
      const preview = await previewChange(pool.db, { userId: id, planId: top.id, now: ctx.now })
      await changePlan(pool.db, { userId: id, planId: middle.id, now: ctx.now })
      const result = await changePlan(pool.db, {
        userId: id,
        planId: top.id,
        quote: preview.quote ?? undefined,
        now: minutes(ctx.now, after),
      })
      const fair = prorateUpgrade({
        pricePaidCents: middle.priceCents,
        newPriceCents: top.priceCents,
        periodStart: sub.currentPeriodStart,
        periodEnd: sub.currentPeriodEnd,
        now: ctx.now,
      }).amountCents
      // Only meaningful if no renewal moved the subscription to a new period meanwhile.
      const [latest] = await pool.db
        .select({ start: services.currentPeriodStart })
        .from(services)
        .where(eq(services.id, sub.id))
      const samePeriod = latest?.start.getTime() === sub.currentPeriodStart.getTime()
      if (samePeriod && result.charged.cents > fair) {
        ctx.violations.push({
          message: `user ${id}: after upgrading ${current.slug}→${middle.slug}, a quote issued earlier for ${current.slug}→${top.slug} (${preview.amount.cents}) was honoured for ${middle.slug}→${top.slug}: charged ${result.charged.cents}, the rest-of-period difference is ${fair}`,
        })
      }
      return `ok:${result.kind}`
    },
  }
}

function renewalOp(ctx: RunContext, pool: Pool, name: string, lagHours = 0): Op {
  const workers = ctx.rng.int(1, 4)
  return {
    name,
    allowed: NONE,
    run: async () => {
      const report = await runRenewals(pool.db, {
        now: new Date(ctx.now.getTime() - lagHours * 3_600_000),
        workers,
      })
      return report.renewed +
        report.past_due +
        report.suspended +
        report.terminated +
        report.cancelled >
        0
        ? 'ok:worked'
        : 'ok:idle'
    },
  }
}

function opsRenewals(ctx: RunContext): Op[] {
  const mode = ctx.rng.weighted([
    ['one', 5],
    ['two-workers', 3],
    ['lagging-clock', 1],
  ] as const)
  const [a, b] = [ctx.world.pools[1]!, ctx.world.pools[2]!]
  if (mode === 'one') return [renewalOp(ctx, pickPool(ctx), 'renewals')]
  if (mode === 'two-workers') {
    return [renewalOp(ctx, a, 'renewals-two-passes'), renewalOp(ctx, b, 'renewals-two-passes')]
  }
  return [
    renewalOp(ctx, a, 'renewals'),
    renewalOp(ctx, b, 'renewals-lagging-clock', ctx.rng.int(1, 96)),
  ]
}

// ---------------------------------------------------------------- deliveries and workers

function opDeliveries(ctx: RunContext): Op {
  const pool = pickPool(ctx)
  const providers = pickProviders(ctx)
  const one = ctx.rng.chance(0.4)
  const start = startIndex(ctx)
  const backoffElapsed = ctx.rng.chance(0.5)
  return {
    name: one ? 'tokens.deliver-one' : 'tokens.run-due-deliveries',
    allowed: NONE,
    run: async (note) => {
      // Time passes for retries that backed off (their next attempt comes due).
      if (backoffElapsed) {
        await pool.db
          .update(topups)
          .set({ nextDeliveryAt: sql`now()` })
          .where(
            and(
              inArray(
                topups.userId,
                ctx.users.map((u) => u.id),
              ),
              eq(topups.status, 'captured'),
            ),
          )
      }
      if (!one) {
        const counts = await runDueDeliveries(pool.db, providers)
        return counts.delivered > 0 ? 'ok:delivered' : counts.retry > 0 ? 'ok:retry' : 'ok:idle'
      }
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.purpose === 'virtfusion_tokens' && s.topupId !== undefined,
      )
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      return deliverVirtFusionTokens(pool.db, providers, slot.topupId!)
    },
  }
}

function opOutageToggle(ctx: RunContext): Op {
  return {
    name: 'virtfusion.outage-toggle',
    allowed: NONE,
    run: () => {
      ctx.outage = !ctx.outage
      virtfusionFake.setOutage(ctx.outage)
      return Promise.resolve(ctx.outage ? 'down' : 'up')
    },
  }
}

/** A refund (full, partial or reversal) arrives while the VirtFusion add-credit call is in flight. */
function opRefundDuringDelivery(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const plan = planRefund(ctx)
  const pool = pickPool(ctx)
  const webhookPool = pickPool(ctx)
  const eventSlot = reserveEvent(ctx)
  const fallback = planCheckout(ctx, { purpose: 'virtfusion_tokens', plain: true })
  return {
    name: `tokens.refund-${plan.kind}-during-delivery`,
    allowed: NONE,
    run: async (note) => {
      const slot = await dueTokenTopup(ctx, pool, start, fallback, refundable)
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const target = slot
      let hookError: unknown
      let fired = false
      ctx.world.hookedVirtFusion.onAddCredit.set(target.topupId!, async () => {
        fired = true
        try {
          const body = refundAtPayPal(target, plan)
          eventSlot.body = body
          eventSlot.kind = 'refund'
          await deliverWebhook(body, {
            route: false,
            db: webhookPool.db,
            providers: ctx.world.otherProcess,
          })
        } catch (error) {
          hookError = error
        }
      })
      try {
        const outcome = await deliverVirtFusionTokens(
          pool.db,
          ctx.world.hookedVirtFusion.providers,
          target.topupId!,
        )
        if (hookError) throw hookError
        return `${outcome}${fired ? '' : ':no-refund'}`
      } finally {
        ctx.world.hookedVirtFusion.onAddCredit.delete(target.topupId!)
      }
    },
  }
}

function opReconcile(ctx: RunContext): Op {
  const pool = pickPool(ctx)
  const providers = pickProviders(ctx)
  const age = ctx.rng.chance(0.5)
  return {
    name: age ? 'worker.reconcile-after-lost-webhooks' : 'worker.reconcile',
    allowed: NONE,
    run: async () => {
      // Time passes for this run's open top-ups (as if their webhooks never came).
      if (age)
        await ageOpenTopups(
          pool.db,
          ctx.users.map((u) => u.id),
        )
      const report = await reconcileTopups(pool.db, providers)
      return report.recaptured + report.confirmed + report.expired > 0 ? 'ok:worked' : 'ok:idle'
    },
  }
}

export async function ageOpenTopups(db: Db, userIds: number[]): Promise<void> {
  await db
    .update(topups)
    .set({ updatedAt: sql`now() - interval '11 minutes'` })
    .where(and(inArray(topups.userId, userIds), inArray(topups.status, ['pending', 'created'])))
}

/**
 * A capture request that claimed the top-up and died (maybe after PayPal captured, maybe
 * before): the claim is left behind, already older than the two-minute staleness window.
 */
function opAbandonCaptureClaim(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const pool = pickPool(ctx)
  const diedAfterPayPal = ctx.rng.chance(0.6)
  return {
    name: diedAfterPayPal
      ? 'restart.capture-died-after-paypal'
      : 'restart.capture-died-before-paypal',
    allowed: NONE,
    run: async (note) => {
      const slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && captureStateOf(s.orderId) === 'none',
      )
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const [claimed] = await pool.db
        .update(topups)
        .set({
          status: 'capturing',
          claimedAt: sql`now() - interval '3 minutes'`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(topups.id, slot.topupId!), eq(topups.status, 'created')))
        .returning()
      if (!claimed) return 'skip'
      if (diedAfterPayPal) {
        try {
          await ctx.world.providers.paypal.captureOrder(slot.orderId!, captureRequestId(claimed))
        } catch {
          // Not approved or declined: the request died with nothing captured.
        }
      }
      return 'ok'
    },
  }
}

/**
 * A delivery worker that claimed a top-up and died (maybe after VirtFusion applied the
 * credit): the claim is left behind, older than the ten-minute staleness window.
 */
function opAbandonDeliveryClaim(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const pool = pickPool(ctx)
  const diedAfterVirtFusion = ctx.rng.chance(0.5)
  const fallback = planCheckout(ctx, { purpose: 'virtfusion_tokens', plain: true })
  return {
    name: diedAfterVirtFusion
      ? 'restart.delivery-died-after-virtfusion'
      : 'restart.delivery-died-before-virtfusion',
    allowed: NONE,
    run: async (note) => {
      const slot = await dueTokenTopup(ctx, pool, start, fallback)
      if (!slot) return 'skip'
      note(`top-up ${slot.topupId ?? '?'}`)
      const [claimed] = await pool.db
        .update(topups)
        .set({
          status: 'delivering',
          claimedAt: sql`now() - interval '11 minutes'`,
          deliveryAttempts: sql`${topups.deliveryAttempts} + 1`,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(topups.id, slot.topupId!),
            eq(topups.status, 'captured'),
            sql`${topups.nextDeliveryAt} <= now()`,
          ),
        )
        .returning()
      if (!claimed) return 'skip'
      if (diedAfterVirtFusion) {
        try {
          await ensureVirtFusionLink(pool.db, ctx.world.providers, claimed.userId)
          await ctx.world.providers.virtfusion.addCredit(claimed.userId, {
            tokens: claimed.tokens!,
            reference1: claimed.id,
            reference2: claimed.paypalCaptureId ?? '',
          })
        } catch {
          // VirtFusion down: the worker died before anything was applied.
        }
      }
      return 'ok'
    },
  }
}

// ---------------------------------------------------------------- solo operations (fault injection)

/** PayPal captures but its answer is lost (a 500 after the capture took effect). */
function opCaptureAnswerLost(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const applied = ctx.rng.chance(0.7)
  const mode = ctx.rng.chance(0.5) ? ('server_error' as const) : ('network' as const)
  const pool = pickPool(ctx)
  const fallback = planCheckout(ctx, { plain: true })
  return {
    name: applied ? 'fault.capture-answer-lost' : 'fault.capture-request-failed',
    allowed: [...CAPTURE_ERRORS, 'UPSTREAM_UNAVAILABLE'],
    run: async () => {
      let slot = scan(
        ctx.topups,
        start,
        (s) => s.orderId !== undefined && fakeOrder(s.orderId)?.status === 'APPROVED',
      )
      if (!slot) {
        await runCreate(ctx, fallback, pool, ctx.world.providers)
        slot = fallback.slot
      }
      paypalFake.failNext('capture', mode, { applied })
      try {
        const result = await captureTopup(pool.db, ctx.world.providers, {
          userId: userId(ctx, slot.userIdx),
          orderId: slot.orderId!,
          purpose: slot.purpose,
        })
        return `ok:${result.status}`
      } finally {
        clearPayPalFailures()
      }
    },
  }
}

/** Reconciliation while PayPal's order lookup fails once. */
function opReconcileWithLookupFailure(ctx: RunContext): Op {
  const pool = pickPool(ctx)
  return {
    name: 'fault.reconcile-lookup-fails',
    allowed: NONE,
    run: async () => {
      await ageOpenTopups(
        pool.db,
        ctx.users.map((u) => u.id),
      )
      paypalFake.failNext('get', 'server_error')
      try {
        await reconcileTopups(pool.db, ctx.world.providers)
      } finally {
        clearPayPalFailures()
      }
      return 'ok'
    },
  }
}

/** VirtFusion applies the credit but the answer never comes (timeout), or answers 500. */
function opVirtFusionUnknownOutcome(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const timeout = ctx.rng.chance(0.6)
  const pool = pickPool(ctx)
  const fallback = planCheckout(ctx, { purpose: 'virtfusion_tokens', plain: true })
  return {
    name: timeout ? 'fault.virtfusion-timeout' : 'fault.virtfusion-500',
    allowed: NONE,
    run: async (note) => {
      if (ctx.outage) return 'skip'
      const target = await dueTokenTopup(ctx, pool, start, fallback)
      if (!target) return 'skip'
      note(`top-up ${target.topupId ?? '?'}`)
      if (timeout) virtfusionFake.timeoutNext()
      else virtfusionFake.failNextWith(500)
      try {
        return await deliverVirtFusionTokens(
          pool.db,
          timeout ? ctx.world.shortVirtFusionTimeout : ctx.world.providers,
          target.topupId!,
        )
      } finally {
        clearVirtFusionFlags()
        virtfusionFake.setOutage(ctx.outage)
      }
    },
  }
}

// ---------------------------------------------------------------- batches

type Kind =
  | 'create'
  | 'checkout'
  | 'capture'
  | 'approve'
  | 'overtaken'
  | 'completed'
  | 'denied'
  | 'silent'
  | 'refund'
  | 'replay'
  | 'forged'
  | 'admin-add'
  | 'admin-remove'
  | 'admin-repeat'
  | 'admin-burst'
  | 'purchase'
  | 'purchase-burst'
  | 'change'
  | 'preview'
  | 'confirm-quote'
  | 'stale-quote'
  | 'cancel'
  | 'renewals'
  | 'deliveries'
  | 'outage'
  | 'refund-during-delivery'
  | 'reconcile'
  | 'abandon-capture'
  | 'abandon-delivery'
  | ServiceKind

const WEIGHTS: readonly (readonly [Kind, number])[] = [
  ['create', 6],
  ['checkout', 12],
  ['capture', 10],
  ['approve', 3],
  ['overtaken', 3],
  ['completed', 4],
  ['denied', 1],
  ['silent', 1],
  ['refund', 6],
  ['replay', 4],
  ['forged', 1],
  ['admin-add', 7],
  ['admin-remove', 4],
  ['admin-repeat', 3],
  ['admin-burst', 1],
  ['purchase', 6],
  ['purchase-burst', 1],
  ['change', 6],
  ['preview', 2],
  ['confirm-quote', 3],
  ['stale-quote', 2],
  ['cancel', 2],
  ['renewals', 4],
  ['deliveries', 5],
  ['outage', 3],
  ['refund-during-delivery', 2],
  ['reconcile', 3],
  ['abandon-capture', 2],
  ['abandon-delivery', 2],
  ...SERVICE_WEIGHTS,
]

function opsOf(ctx: RunContext, kind: Kind): Op[] {
  switch (kind) {
    case 'create':
      return [opCreateTopup(ctx)]
    case 'checkout':
      return [opCheckout(ctx)]
    case 'capture':
      return [opCapture(ctx)]
    case 'approve':
      return [opApproveLater(ctx)]
    case 'overtaken':
      return [opCaptureOvertaken(ctx)]
    case 'completed':
      return [opCompletedWebhook(ctx)]
    case 'denied':
      return [opDeniedWebhook(ctx)]
    case 'silent':
      return [opSilentCompletion(ctx)]
    case 'refund':
      return [opRefund(ctx)]
    case 'replay':
      return [opReplayWebhook(ctx)]
    case 'forged':
      return [opForgedWebhook(ctx)]
    case 'admin-add':
      return [opAdmin(ctx, 'add')]
    case 'admin-remove':
      return [opAdmin(ctx, 'remove')]
    case 'admin-repeat':
      return [opAdminRepeat(ctx)]
    case 'admin-burst':
      return opsAdminBurst(ctx)
    case 'purchase':
      return [opPurchase(ctx)]
    case 'purchase-burst':
      return opsPurchaseBurst(ctx)
    case 'change':
      return [opChange(ctx)]
    case 'preview':
      return [opPreview(ctx)]
    case 'confirm-quote':
      return [opConfirmStoredQuote(ctx)]
    case 'stale-quote':
      return [opStaleQuoteAfterUpgrade(ctx)]
    case 'cancel':
      return [opCancelOrResume(ctx)]
    case 'renewals':
      return opsRenewals(ctx)
    case 'deliveries':
      return [opDeliveries(ctx)]
    case 'outage':
      return [opOutageToggle(ctx)]
    case 'refund-during-delivery':
      return [opRefundDuringDelivery(ctx)]
    case 'reconcile':
      return [opReconcile(ctx)]
    case 'abandon-capture':
      return [opAbandonCaptureClaim(ctx)]
    case 'abandon-delivery':
      return [opAbandonDeliveryClaim(ctx)]
    default:
      return serviceOpsOf(ctx, kind)
  }
}

/** The opening batch: most users get some credits from an admin, concurrently. */
export function fundingBatch(ctx: RunContext): Op[] {
  const ops: Op[] = []
  for (let userIdx = 0; userIdx < ctx.users.length; userIdx++) {
    if (!ctx.rng.chance(0.75)) continue
    const keyed = ctx.rng.chance(0.5)
    const record = {
      userIdx,
      direction: 'add' as const,
      // Some users can afford a dedicated server (with its setup fee) from the start.
      amount: ctx.rng.chance(0.4) ? amountCents(ctx, 20_000, 150_000) : amountCents(ctx, 500, 8000),
      reason: `simulated opening funds #${next(ctx)}`,
      key: keyed ? `sim-${ctx.seed}-admin-${ctx.counter}` : undefined,
    }
    if (record.key) ctx.adminKeys.push({ ...record, key: record.key, batch: ctx.batch })
    ops.push(adjustmentOp(ctx, record, 'admin.opening-funds'))
  }
  return ops
}

/**
 * The next batch: usually 1-6 concurrent operations; sometimes one fault-injection
 * operation alone (its injected failure is global to the fake, so nothing else may run).
 */
export function nextBatch(ctx: RunContext): Op[] {
  if (ctx.rng.chance(0.08)) {
    const solo = ctx.rng.weighted([
      ['capture-lost', 4],
      ['reconcile-lookup', 2],
      ['virtfusion-unknown', 3],
    ] as const)
    if (solo === 'capture-lost') return [opCaptureAnswerLost(ctx)]
    if (solo === 'reconcile-lookup') return [opReconcileWithLookupFailure(ctx)]
    return [opVirtFusionUnknownOutcome(ctx)]
  }
  const size = ctx.rng.int(1, 6)
  const ops: Op[] = []
  while (ops.length < size) ops.push(...opsOf(ctx, ctx.rng.weighted(WEIGHTS)))
  return ops
}

/** How far the simulated clock moves between batches (DNS billing uses it; PayPal does not). */
export function advanceClock(ctx: RunContext): void {
  const roll = ctx.rng.next()
  const ms =
    roll < 0.4
      ? 0
      : roll < 0.7
        ? ctx.rng.int(1, 30 * 60) * 60_000
        : ctx.rng.int(5 * 24 * 60, 40 * 24 * 60) * 60_000
  ctx.now = new Date(ctx.now.getTime() + ms)
}
