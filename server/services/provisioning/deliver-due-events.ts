import { and, asc, eq, lt, lte, notExists, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Db } from '#db/client.ts'
import { serviceEventDeliveries, serviceEvents, type ProductFamily } from '#db/schema/index.ts'
import { log } from '#server/lib/log.ts'
import { postWebhook } from './post-webhook.ts'
import { webhookEndpointFor, type WebhookEndpoint } from './provisioners.ts'

const MINUTE_MS = 60_000
/** Retried for this long after the event was written, then given up ('failed'). */
export const RETRY_WINDOW_MS = 3 * 24 * 60 * MINUTE_MS
/** 1 min, 2, 4 … after the first, second, third failed attempt, never more than an hour. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(MINUTE_MS * 2 ** Math.max(0, failedAttempts - 1), 60 * MINUTE_MS)
}
export const WEBHOOK_TIMEOUT_MS = 10_000
/** Events delivered at once by one call; each holds one connection while its POST runs. */
const LANES = 4

export type DeliveryOptions = {
  now?: Date
  /** At most this many events per call. */
  batch?: number
  /** The family's webhook; PROVISIONING_WEBHOOK_URL_/SECRET_<FAMILY> by default. */
  endpointFor?: (family: ProductFamily) => WebhookEndpoint | null
  timeoutMs?: number
  /** Aborted at shutdown: no further event is claimed; the POSTs in flight finish. */
  signal?: AbortSignal
}

export type DeliveryResult = 'delivered' | 'retrying' | 'failed'

const earlier = alias(serviceEvents, 'earlier')

/**
 * The provisioning worker's sweep: delivers the due pending events to their families' webhooks.
 * Each event is claimed with FOR UPDATE SKIP LOCKED and its row stays locked while its POST
 * runs, so several workers never send the same attempt at once. An event waits while an
 * earlier event of its service is still pending, so a receiver gets a service's events in order.
 */
export async function deliverDueEvents(
  db: Db,
  options: DeliveryOptions = {},
): Promise<Record<DeliveryResult, number>> {
  const batch = options.batch ?? 50
  const counts: Record<DeliveryResult, number> = { delivered: 0, retrying: 0, failed: 0 }
  let started = 0
  const lane = async () => {
    while (started < batch && !options.signal?.aborted) {
      started++
      const result = await deliverNext(db, options)
      if (result === null) return
      counts[result]++
    }
  }
  await Promise.all(Array.from({ length: Math.min(LANES, batch) }, lane))
  return counts
}

/**
 * One attempt for the next due event (or for `only.serviceEventId`, if it is due and first in
 * its service's line), in one transaction; null when there is none.
 */
export async function deliverNext(
  db: Db,
  options: DeliveryOptions,
  only?: { serviceEventId: number; requestedBy: number },
): Promise<DeliveryResult | null> {
  const now = options.now ?? new Date()
  return db.transaction(async (tx) => {
    const conditions: SQL[] = [
      eq(serviceEvents.deliveryState, 'pending'),
      lte(serviceEvents.nextAttemptAt, now),
      notExists(
        tx
          .select({ id: earlier.id })
          .from(earlier)
          .where(
            and(
              eq(earlier.serviceId, serviceEvents.serviceId),
              eq(earlier.deliveryState, 'pending'),
              lt(earlier.id, serviceEvents.id),
            ),
          ),
      ),
    ]
    if (only) conditions.push(eq(serviceEvents.id, only.serviceEventId))
    const [event] = await tx
      .select()
      .from(serviceEvents)
      .where(and(...conditions))
      .orderBy(asc(serviceEvents.nextAttemptAt), asc(serviceEvents.id))
      .limit(1)
      .for('update', { of: serviceEvents, skipLocked: true })
    if (!event) return null

    const attempt = event.attempts + 1
    const endpoint = (options.endpointFor ?? webhookEndpointFor)(event.family)
    const outcome = endpoint
      ? await postWebhook(
          endpoint,
          { eventId: event.eventId, body: JSON.stringify(event.payload) },
          { timeoutMs: options.timeoutMs ?? WEBHOOK_TIMEOUT_MS },
        )
      : {
          ok: false,
          status: null,
          body: null,
          error: `no webhook configured for ${event.family} (PROVISIONING_WEBHOOK_URL_*)`,
          durationMs: 0,
        }
    await tx.insert(serviceEventDeliveries).values({
      serviceEventId: event.id,
      attempt,
      url: endpoint?.url ?? '(not configured)',
      responseStatus: outcome.status,
      responseBody: outcome.body,
      error: outcome.error,
      durationMs: outcome.durationMs,
      requestedBy: only?.requestedBy ?? null,
    })

    const giveUpAt = event.createdAt.getTime() + RETRY_WINDOW_MS
    const result: DeliveryResult = outcome.ok
      ? 'delivered'
      : now.getTime() >= giveUpAt
        ? 'failed'
        : 'retrying'
    await tx
      .update(serviceEvents)
      .set({
        attempts: attempt,
        deliveryState: result === 'retrying' ? 'pending' : result,
        lastError: outcome.error,
        deliveredAt: outcome.ok ? new Date() : event.deliveredAt,
        // The last retry falls on the end of the window, so a receiver down for almost three
        // days still gets one more chance.
        nextAttemptAt:
          result === 'retrying'
            ? new Date(Math.min(now.getTime() + retryDelayMs(attempt), giveUpAt))
            : event.nextAttemptAt,
      })
      .where(eq(serviceEvents.id, event.id))
    if (result !== 'delivered')
      log[result === 'failed' ? 'warn' : 'info']('provisioning webhook attempt failed', {
        eventId: event.eventId,
        family: event.family,
        attempt,
        result,
        error: outcome.error,
      })
    return result
  })
}
