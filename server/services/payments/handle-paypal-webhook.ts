import { randomUUID } from 'node:crypto'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { paypalWebhookEvents, topups } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { PayPalApiError } from '#server/integrations/paypal/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { parseDecimalToCents } from '#server/lib/money.ts'
import { applyPayPalOrder, findTopupByCaptureId, findTopupByOrderId } from './apply-paypal-order.ts'
import { compensateTopup, type CompensationOutcome } from './compensate-topup.ts'
import { reconcileTopupRefunds, upLinkId } from './reconcile-refunds.ts'

/**
 * How long a delivery may take to process an event before another delivery may take it
 * over: longer than the PayPal calls processing makes (each under PAYPAL_TIMEOUT_MS).
 */
const CLAIM_SECONDS = 180

/** Webhooks spec `event`: only the envelope decides whether this is a PayPal event at all. */
const ZEnvelope = z.object({
  id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(200),
  resource_type: z.string().optional().catch(undefined),
  resource: z.record(z.string(), z.unknown()),
})
type PayPalEvent = z.infer<typeof ZEnvelope>

// Resources are read leniently: a field of an unexpected shape is treated as absent.
const ZLinks = z
  .array(z.looseObject({ href: z.string(), rel: z.string() }))
  .optional()
  .catch(undefined)
const ZCaptureResource = z.looseObject({
  id: z.string().min(1).max(200),
  supplementary_data: z
    .looseObject({
      related_ids: z.looseObject({ order_id: z.string().min(1).optional() }).optional(),
    })
    .optional()
    .catch(undefined),
  links: ZLinks,
})
const ZRefundResource = z.looseObject({
  id: z.string().min(1).max(200),
  amount: z.looseObject({ value: z.string() }).optional().catch(undefined),
  links: ZLinks,
})

const CAPTURE_STATE_EVENTS = new Set([
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.PENDING',
  'PAYMENT.CAPTURE.DENIED',
  'PAYMENT.CAPTURE.DECLINED',
])

export type WebhookResult = { eventId: string; outcome: string; duplicate: boolean }

/** PayPal's capture, or null when PayPal does not know it for this account (not ours). */
async function readCapture(providers: Providers, captureId: string) {
  try {
    return await providers.paypal.getCapture(captureId)
  } catch (error) {
    if (error instanceof PayPalApiError && error.status === 404) return null
    throw error
  }
}

/**
 * The order a capture belongs to: supplementary_data.related_ids.order_id, else its `up`
 * link (/v2/checkout/orders/{id}), else what PayPal says when the capture is read.
 */
async function orderIdOf(
  providers: Providers,
  capture: z.infer<typeof ZCaptureResource>,
): Promise<string | undefined> {
  const fromEvent =
    capture.supplementary_data?.related_ids?.order_id ?? upLinkId(capture.links, 'orders')
  if (fromEvent) return fromEvent
  const read = await readCapture(providers, capture.id)
  return read?.supplementary_data?.related_ids?.order_id ?? upLinkId(read?.links, 'orders')
}

/** A capture whose custom_id names one of our top-ups that has no capture id yet. */
async function isOurUnrecordedCapture(
  db: Db,
  providers: Providers,
  captureId: string,
): Promise<boolean> {
  const capture = await readCapture(providers, captureId)
  const topupId = Number(capture?.custom_id)
  if (!Number.isSafeInteger(topupId) || topupId <= 0) return false
  const [topup] = await db
    .select({ captureId: topups.paypalCaptureId })
    .from(topups)
    .where(eq(topups.id, topupId))
  return Boolean(topup && topup.captureId === null)
}

async function compensate(
  db: Db,
  providers: Providers,
  event: PayPalEvent,
  resource: z.infer<typeof ZRefundResource>,
): Promise<string> {
  const isCapture = event.resource_type === 'capture'
  // A refund resource names its capture in its `up` link.
  const captureId = isCapture
    ? resource.id
    : (upLinkId(resource.links, 'captures') ??
      (event.resource_type === undefined ? resource.id : undefined))
  if (!captureId) return 'ignored: no capture id'
  const kind = event.event_type === 'PAYMENT.CAPTURE.REFUNDED' ? 'refund' : 'chargeback'
  const reportedBy = `webhook ${event.id}`
  const amount = isCapture ? null : parseDecimalToCents(resource.amount?.value ?? '')

  let outcome: CompensationOutcome | 'read from PayPal'
  if (amount && !amount.ok) {
    // No exact amount in the event: what PayPal lists for the order decides instead.
    const topup = await findTopupByCaptureId(db, captureId)
    outcome = topup ? 'read from PayPal' : 'unknown_capture'
    if (topup) await reconcileTopupRefunds(db, providers, topup, reportedBy)
  } else {
    outcome = await compensateTopup(db, {
      captureId,
      kind,
      amountCents: amount?.cents,
      refundId: isCapture ? undefined : resource.id,
      reportedBy,
    })
  }
  if (outcome === 'unknown_capture' && (await isOurUnrecordedCapture(db, providers, captureId))) {
    // Ours, but its capture is not recorded yet (a lost capture answer that reconciliation
    // has not caught up with): refuse, so PayPal redelivers the event once it is.
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      'This capture is not recorded yet; PayPal will deliver the event again.',
    )
  }
  return `compensation ${outcome}`
}

async function process(db: Db, providers: Providers, event: PayPalEvent): Promise<string> {
  if (CAPTURE_STATE_EVENTS.has(event.event_type)) {
    const capture = ZCaptureResource.safeParse(event.resource)
    if (!capture.success) return 'ignored: the resource is not a capture'
    const orderId = await orderIdOf(providers, capture.data)
    const topup = orderId ? await findTopupByOrderId(db, orderId) : undefined
    if (!orderId || !topup) return 'ignored: not one of our orders'
    // The event only says "look again": the truth is fetched from PayPal and verified.
    const outcome = await applyPayPalOrder(db, topup.id, await providers.paypal.getOrder(orderId))
    return `order ${outcome.kind}`
  }
  if (
    event.event_type === 'PAYMENT.CAPTURE.REFUNDED' ||
    event.event_type === 'PAYMENT.CAPTURE.REVERSED'
  ) {
    const resource = ZRefundResource.safeParse(event.resource)
    if (!resource.success) return 'ignored: the resource has no id'
    return compensate(db, providers, event, resource.data)
  }
  return `ignored: ${event.event_type} is not an event we act on`
}

/**
 * Claims the event for this delivery in one statement: inserted, or taken over when it is
 * neither processed nor claimed by a live delivery. Null when another delivery has it.
 */
async function claim(db: Db, event: PayPalEvent, body: unknown): Promise<string | null> {
  const claimId = randomUUID()
  const [claimed] = await db
    .insert(paypalWebhookEvents)
    .values({
      id: event.id,
      eventType: event.event_type,
      resourceId: typeof event.resource.id === 'string' ? event.resource.id : null,
      payload: body,
      claimId,
      claimedUntil: sql`now() + make_interval(secs => ${CLAIM_SECONDS})`,
    })
    .onConflictDoUpdate({
      target: paypalWebhookEvents.id,
      set: { claimId: sql`excluded.claim_id`, claimedUntil: sql`excluded.claimed_until` },
      setWhere: sql`${paypalWebhookEvents.processedAt} is null and (${paypalWebhookEvents.claimedUntil} is null or ${paypalWebhookEvents.claimedUntil} < now())`,
    })
    .returning({ id: paypalWebhookEvents.id })
  return claimed ? claimId : null
}

const heldBy = (eventId: string, claimId: string) =>
  and(eq(paypalWebhookEvents.id, eventId), eq(paypalWebhookEvents.claimId, claimId))

/**
 * POST /api/paypal/webhook. The signature is verified through PayPal's verify API before
 * anything is stored. Any verified envelope is acknowledged (2xx), also for resources and
 * event types we do not act on (recorded as ignored), so PayPal does not redeliver it for
 * days. Each event is processed by one delivery at a time (ADR 013): concurrent deliveries
 * of it answer 200 without side effects; a delivery whose processing fails releases its
 * claim and answers 5xx, so PayPal's redelivery processes it.
 */
export async function handlePayPalWebhook(
  db: Db,
  providers: Providers,
  input: { headers: Headers; rawBody: string },
): Promise<WebhookResult> {
  let body: unknown
  try {
    body = JSON.parse(input.rawBody)
  } catch {
    throw new AppError('VALIDATION_FAILED', 'Not a PayPal webhook event.')
  }
  const parsed = ZEnvelope.safeParse(body)
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Not a PayPal webhook event.')
  const event = parsed.data
  // The raw body goes to PayPal's verify API byte for byte.
  if (!(await providers.paypal.verifyWebhookSignature(input.headers, input.rawBody))) {
    throw new AppError('VALIDATION_FAILED', 'Webhook signature verification failed.')
  }

  const claimId = await claim(db, event, body)
  if (!claimId) {
    const [stored] = await db
      .select({
        outcome: paypalWebhookEvents.outcome,
        processedAt: paypalWebhookEvents.processedAt,
      })
      .from(paypalWebhookEvents)
      .where(eq(paypalWebhookEvents.id, event.id))
    const outcome = stored?.processedAt
      ? (stored.outcome ?? 'processed')
      : 'being processed by another delivery'
    return { eventId: event.id, outcome, duplicate: true }
  }

  let outcome: string
  try {
    outcome = await process(db, providers, event)
  } catch (error) {
    await db
      .update(paypalWebhookEvents)
      .set({
        claimId: null,
        claimedUntil: null,
        outcome: `failed: ${error instanceof AppError ? error.code : 'internal error'}`,
      })
      .where(and(heldBy(event.id, claimId), isNull(paypalWebhookEvents.processedAt)))
      .catch(() => {
        // The claim then simply expires.
      })
    throw error
  }
  await db
    .update(paypalWebhookEvents)
    .set({ outcome, processedAt: sql`now()`, claimId: null, claimedUntil: null })
    .where(heldBy(event.id, claimId))
  return { eventId: event.id, outcome, duplicate: false }
}
