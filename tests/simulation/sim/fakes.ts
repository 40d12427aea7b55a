import { randomBytes } from 'node:crypto'
import type { Db } from '#db/client.ts'
import { AppError, type AppErrorCode } from '#server/errors.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { centsToDecimal } from '#server/lib/money.ts'
import { handlePayPalWebhook } from '#server/services/payments/handle-paypal-webhook.ts'
import { postWebhook } from '#tests/helpers/payments.ts'
import { paypalFake, type FakeOrder, type PayPalWebhookEventType } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * Control of the msw fakes beyond their public API, for what a simulation needs between
 * runs: pending one-shot failures must not leak from one run (or op) into the next, or a
 * replayed seed would not behave like the original run.
 *
 * The VirtFusion fake is deliberately NOT reset between runs: its credit ids restart at 1
 * on reset while the database keeps earlier runs' token rows, and a reused credit id would
 * collide with token_transactions_cancel_once, which real VirtFusion ids never do
 * (see tests/helpers/payments.ts). Runs use fresh users, so per-user checks stay exact.
 */

type PayPalState = { failures: Map<string, unknown> }
type VirtFusionState = { outage: boolean; timeoutNextCredit: boolean; failNext: number | null }
const holder = globalThis as typeof globalThis & {
  __paypalFake?: PayPalState
  __virtfusionFake?: VirtFusionState
}

export function clearPayPalFailures(): void {
  holder.__paypalFake?.failures.clear()
}

export function clearVirtFusionFlags(): void {
  virtfusionFake.setOutage(false)
  const state = holder.__virtfusionFake
  if (state) {
    state.timeoutNextCredit = false
    state.failNext = null
  }
}

export function resetFakesForRun(): void {
  paypalFake.reset()
  clearVirtFusionFlags()
}

export function fakeOrder(orderId: string): FakeOrder | undefined {
  return paypalFake.order(orderId)
}

/**
 * The fake capture's status ('PENDING', 'COMPLETED', 'DECLINED', 'PARTIALLY_REFUNDED',
 * 'REFUNDED'), or 'none'.
 */
export type CaptureState = string
export function captureStateOf(orderId: string): CaptureState {
  return fakeOrder(orderId)?.capture?.status ?? 'none'
}

/** A capture-state event (COMPLETED/PENDING/DENIED/DECLINED) as PayPal posts it. */
export function captureEvent(type: PayPalWebhookEventType, orderId: string): string {
  return JSON.stringify(paypalFake.webhookEvent(type, orderId))
}

/**
 * PayPal refunds (REFUNDED) or reverses (REVERSED) `cents` of the order's capture now, under
 * its own refund id (several partial refunds of one capture are separate PayPal refunds), and
 * the fake records it, so the refund reconciliation reads what the webhook says.
 */
export function refundEvent(
  type: 'PAYMENT.CAPTURE.REFUNDED' | 'PAYMENT.CAPTURE.REVERSED',
  orderId: string,
  cents: number,
  refundId: string,
): string {
  return JSON.stringify(
    paypalFake.refund(orderId, {
      value: centsToDecimal(cents),
      refundId,
      reversal: type === 'PAYMENT.CAPTURE.REVERSED',
    }),
  )
}

/** The same event delivered again under a new event id (PayPal re-sends, or sends it twice). */
export function withNewEventId(body: string): string {
  const event = JSON.parse(body) as { id: string }
  return JSON.stringify({ ...event, id: `WH-SIM-${randomBytes(10).toString('hex').toUpperCase()}` })
}

/**
 * Delivers a webhook: through the Remix route (as PayPal does) or straight to the service
 * on another pool (another app process). Either way a non-2xx is an AppError.
 */
export async function deliverWebhook(
  body: string,
  via: { route: true } | { route: false; db: Db; providers: Providers },
  options: { validSignature?: boolean } = {},
): Promise<string> {
  const valid = options.validSignature ?? true
  if (via.route) {
    const result = await postWebhook(body, paypalFake.webhookHeaders(valid))
    if (result.error || !result.data) {
      const code = (result.error?.code ?? 'INTERNAL') as AppErrorCode
      throw new AppError(code, `webhook route answered ${result.status}: ${result.error?.message}`)
    }
    return result.data.outcome
  }
  const result = await handlePayPalWebhook(via.db, via.providers, {
    headers: new Headers(paypalFake.webhookHeaders(valid)),
    rawBody: body,
  })
  return result.outcome
}
