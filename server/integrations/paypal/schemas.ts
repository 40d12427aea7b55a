import { z } from 'zod'

/**
 * zod schemas for the parts of PayPal's responses the app reads (orders spec `order`,
 * payments spec `capture-2`, webhooks spec `verify_webhook_signature`). Everything beyond
 * `id` and `status` is optional so minimal responses parse, and unknown fields are kept
 * (looseObject) so new PayPal fields never break parsing. Statuses are plain strings, not
 * enums: a status PayPal adds later must reach the caller, which treats anything it does
 * not know as "not paid".
 */

export const PayPalMoneySchema = z.looseObject({
  currency_code: z.string(),
  value: z.string(),
})

export const PayPalLinkSchema = z.looseObject({
  href: z.string(),
  rel: z.string(),
  method: z.string().optional(),
})

export const PayPalCaptureSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  status_details: z.looseObject({ reason: z.string().optional() }).optional(),
  amount: PayPalMoneySchema.optional(),
  custom_id: z.string().optional(),
  invoice_id: z.string().optional(),
  final_capture: z.boolean().optional(),
  seller_receivable_breakdown: z
    .looseObject({
      gross_amount: PayPalMoneySchema.optional(),
      paypal_fee: PayPalMoneySchema.optional(),
      net_amount: PayPalMoneySchema.optional(),
    })
    .optional(),
  supplementary_data: z
    .looseObject({
      related_ids: z.looseObject({ order_id: z.string().optional() }).optional(),
    })
    .optional(),
  links: z.array(PayPalLinkSchema).optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
})

export const PayPalPurchaseUnitSchema = z.looseObject({
  reference_id: z.string().optional(),
  custom_id: z.string().optional(),
  invoice_id: z.string().optional(),
  description: z.string().optional(),
  amount: PayPalMoneySchema.optional(),
  payments: z
    .looseObject({
      captures: z.array(PayPalCaptureSchema).optional(),
    })
    .optional(),
})

export const PayPalOrderSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  intent: z.string().optional(),
  purchase_units: z.array(PayPalPurchaseUnitSchema).optional(),
  payer: z.looseObject({}).optional(),
  links: z.array(PayPalLinkSchema).optional(),
  create_time: z.string().optional(),
  update_time: z.string().optional(),
})

/** The answer to create order without `Prefer: return=representation` is just id/status/links. */
export const PayPalCreatedOrderSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
})

export const PayPalTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  // PayPal sends an integer; a lenient number keeps a fractional value from failing the call.
  // Optional: a token answer without it is still a usable token (the client assumes a short life).
  expires_in: z.number().nonnegative().optional(),
  token_type: z.string().optional(),
})

export const PayPalVerifySignatureSchema = z.looseObject({
  verification_status: z.string(),
})

/**
 * PayPal's error body (orders spec `error_4xx`), plus the OAuth endpoint's
 * `{ error, error_description }`. Every field optional: only used to name the failure.
 */
export const PayPalErrorBodySchema = z.looseObject({
  name: z.string().optional(),
  message: z.string().optional(),
  debug_id: z.string().optional(),
  details: z
    .array(
      z.looseObject({
        issue: z.string().optional(),
        description: z.string().optional(),
        field: z.string().optional(),
      }),
    )
    .optional(),
  error: z.string().optional(),
  error_description: z.string().optional(),
})

/** A webhook delivery's envelope (webhooks spec `event`); `resource` is left to the caller. */
export const PayPalWebhookEventSchema = z.looseObject({
  id: z.string().min(1),
  event_type: z.string(),
  resource_type: z.string().optional(),
  resource: z.unknown(),
  create_time: z.string().optional(),
  summary: z.string().optional(),
  event_version: z.string().optional(),
  resource_version: z.string().optional(),
})

export type PayPalOrder = z.infer<typeof PayPalOrderSchema>
export type PayPalCapture = z.infer<typeof PayPalCaptureSchema>
export type PayPalWebhookEvent = z.infer<typeof PayPalWebhookEventSchema>
