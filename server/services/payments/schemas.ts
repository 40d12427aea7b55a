import { z } from 'zod'
import { env } from '#server/env.ts'
import { zId } from '#server/lib/validation.ts'
import { createTopupInput } from './topup-schema.ts'

/** What the browser may send to start a top-up, within the server's bounds. */
export const ZCreateTopupInput = createTopupInput({
  minCents: env.CREDITS_PURCHASE_MIN,
  maxCents: env.CREDITS_PURCHASE_MAX,
})

/** What the browser may send to finish one: the PayPal order id. Amounts or statuses it adds are ignored. */
export const ZCaptureTopupInput = z.object({
  orderId: z
    .string({ error: 'orderId is required' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'orderId is not a PayPal order id'),
})

export const ZTopupId = zId()
