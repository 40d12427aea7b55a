import { eq, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { Db } from '#db/client.ts'
import { paypalWebhookEvents, topups } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { PayPalApiError } from '#server/integrations/paypal/client.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { parseDecimalToCents } from '#server/lib/money.ts'
import { applyPayPalOrder, findTopupByOrderId } from './apply-paypal-order.ts'
import { compensateTopup } from './compensate-topup.ts'

const ZEvent = z.object({
  id: z.string().min(1).max(200),
  event_type: z.string().min(1).max(200),
  resource_type: z.string().optional(),
  resource: z
    .object({
      id: z.string().optional(),
      custom_id: z.string().optional(),
      amount: z.object({ value: z.string(), currency_code: z.string() }).optional(),
      supplementary_data: z
        .object({ related_ids: z.object({ order_id: z.string().optional() }).optional() })
        .optional(),
      links: z.array(z.object({ href: z.string(), rel: z.string() })).optional(),
    })
    .passthrough(),
})
type PayPalEvent = z.infer<typeof ZEvent>

const CAPTURE_STATE_EVENTS = new Set([
  'PAYMENT.CAPTURE.COMPLETED',
  'PAYMENT.CAPTURE.PENDING',
  'PAYMENT.CAPTURE.DENIED',
  'PAYMENT.CAPTURE.DECLINED',
])

export type WebhookResult = { eventId: string; outcome: string; duplicate: boolean }

/** The capture a refund or reversal event is about: the resource itself, or its "up" link. */
function captureIdOf(event: PayPalEvent): string | undefined {
  if (event.resource_type === 'capture' || !event.resource.links) return event.resource.id
  const up = event.resource.links.find(
    (link) => link.rel === 'up' && link.href.includes('/captures/'),
  )
  return up?.href.split('/captures/')[1]?.split(/[/?]/)[0]
}

/** A capture whose custom_id names one of our top-ups that has no capture id yet. */
async function isOurUnrecordedCapture(
  db: Db,
  providers: Providers,
  captureId: string,
): Promise<boolean> {
  let capture
  try {
    capture = await providers.paypal.getCapture(captureId)
  } catch (error) {
    // PayPal does not know it for this account: certainly not ours.
    if (error instanceof PayPalApiError && error.status === 404) return false
    throw error
  }
  const topupId = Number(capture.custom_id)
  if (!Number.isSafeInteger(topupId) || topupId <= 0) return false
  const [topup] = await db
    .select({ captureId: topups.paypalCaptureId })
    .from(topups)
    .where(eq(topups.id, topupId))
  return Boolean(topup && topup.captureId === null)
}

async function process(db: Db, providers: Providers, event: PayPalEvent): Promise<string> {
  if (CAPTURE_STATE_EVENTS.has(event.event_type)) {
    const orderId = event.resource.supplementary_data?.related_ids?.order_id
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
    const captureId = captureIdOf(event)
    if (!captureId) return 'ignored: no capture id'
    // A refund resource carries the refunded amount; a capture resource means the whole capture.
    const refunded =
      event.resource_type === 'refund' && event.resource.amount
        ? parseDecimalToCents(event.resource.amount.value)
        : null
    const outcome = await compensateTopup(db, {
      captureId,
      kind: event.event_type === 'PAYMENT.CAPTURE.REFUNDED' ? 'refund' : 'chargeback',
      amountCents: refunded?.ok ? refunded.cents : undefined,
      refundId: event.resource_type === 'refund' ? event.resource.id : undefined,
      eventId: event.id,
    })
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
  return 'stored'
}

/**
 * POST /api/paypal/webhook. The signature is verified through PayPal's verify API before
 * anything is stored. Each event id is processed once: a replay of a processed event is a
 * no-op; an event whose processing failed is processed again when PayPal redelivers it.
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
  const parsed = ZEvent.safeParse(body)
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Not a PayPal webhook event.')
  const event = parsed.data
  // The raw body goes to PayPal's verify API byte for byte.
  if (!(await providers.paypal.verifyWebhookSignature(input.headers, input.rawBody))) {
    throw new AppError('VALIDATION_FAILED', 'Webhook signature verification failed.')
  }

  await db
    .insert(paypalWebhookEvents)
    .values({
      id: event.id,
      eventType: event.event_type,
      resourceId: event.resource.id ?? null,
      payload: body,
    })
    .onConflictDoNothing()
  const [stored] = await db
    .select()
    .from(paypalWebhookEvents)
    .where(eq(paypalWebhookEvents.id, event.id))
  if (stored?.processedAt)
    return { eventId: event.id, outcome: stored.outcome ?? 'processed', duplicate: true }

  const outcome = await process(db, providers, event)
  await db
    .update(paypalWebhookEvents)
    .set({ outcome, processedAt: sql`now()` })
    .where(eq(paypalWebhookEvents.id, event.id))
  return { eventId: event.id, outcome, duplicate: false }
}
