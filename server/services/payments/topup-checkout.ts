import type { Db } from '#db/client.ts'
import type { Topup } from '#db/schema/index.ts'
import type { Providers } from '#server/integrations/providers.ts'
import { isAppError } from '#server/errors.ts'
import { metrics } from '#server/lib/metrics.ts'
import { money, type Money } from '#server/lib/money.ts'
import { captureTopup, type CaptureResult } from './capture-topup.ts'
import { createTopupOrder } from './create-topup-order.ts'
import { consumePaymentRateLimit } from './payment-rate-limits.ts'

type Caller = { userId: number; ip: string }

/**
 * What tRPC and REST both run for "start a top-up": rate limit, then create the order. The
 * answer carries the amount (and tokens) the server recorded for the order, so a checkout
 * shows what will be charged, never what its own input says now.
 */
export async function startTopup(
  db: Db,
  providers: Providers,
  caller: Caller,
  input: { purpose: Topup['purpose']; amountCents: number; siteOrigin: string },
): Promise<{ orderId: string; amount: Money; tokens: number | null }> {
  await consumePaymentRateLimit(db, { action: 'create', ...caller })
  metrics.topupAttempts.inc({ provider: 'paypal', purpose: input.purpose, stage: 'create' })
  try {
    const order = await createTopupOrder(db, providers, { userId: caller.userId, ...input })
    return { orderId: order.orderId, amount: money(order.amountCents), tokens: order.tokens }
  } catch (error) {
    metrics.topupFailures.inc({
      provider: 'paypal',
      purpose: input.purpose,
      code: isAppError(error) ? error.code : 'INTERNAL',
    })
    throw error
  }
}

/** What tRPC and REST both run for "finish a top-up": rate limit, then capture and verify. */
export async function finishTopup(
  db: Db,
  providers: Providers,
  caller: Caller,
  input: { purpose: Topup['purpose']; orderId: string },
): Promise<CaptureResult> {
  await consumePaymentRateLimit(db, { action: 'capture', ...caller })
  metrics.topupAttempts.inc({ provider: 'paypal', purpose: input.purpose, stage: 'capture' })
  const stop = metrics.captureDuration.startTimer({ purpose: input.purpose })
  try {
    const result = await captureTopup(db, providers, { userId: caller.userId, ...input })
    if (result.status === 'completed')
      metrics.topupSuccesses.inc({ provider: 'paypal', purpose: input.purpose })
    return result
  } catch (error) {
    metrics.topupFailures.inc({
      provider: 'paypal',
      purpose: input.purpose,
      code: isAppError(error) ? error.code : 'INTERNAL',
    })
    throw error
  } finally {
    stop()
  }
}
