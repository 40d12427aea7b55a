import { z } from 'zod'
import { env } from '#server/env.ts'
import { zAmount } from '#server/lib/money-schema.ts'
import { zId } from '#server/lib/validation.ts'

/** What the browser may send to start a top-up: an amount, nothing else. */
export const ZCreateTopupInput = z.object({
  amount: zAmount({ min: env.CREDITS_PURCHASE_MIN, max: env.CREDITS_PURCHASE_MAX }),
})

/** What the browser may send to finish one: the PayPal order id. Amounts or statuses it adds are ignored. */
export const ZCaptureTopupInput = z.object({
  orderId: z
    .string({ error: 'orderId is required' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'orderId is not a PayPal order id'),
})

export const ZTopupId = zId()
