import { z } from 'zod'

const integer = z.number().int()
const nullableText = z.string().nullable()

/**
 * What an issued document prints, as the issuing trigger wrote it (migration 0024, ADR 027).
 * Parsed on every read so a malformed row is a loud error, never a half-rendered document.
 */
export const documentSnapshotSchema = z.object({
  version: z.literal(1),
  kind: z.enum(['receipt', 'invoice', 'credit_note']),
  number: z.string(),
  /** ISO 8601, UTC. */
  issuedAt: z.string(),
  /** Receipts: the currency paid in; invoices and credit notes are in custom credits. */
  currency: z.string().optional(),
  totalCents: integer,
  customer: z.object({ id: integer, name: z.string(), email: z.string() }),
  company: z.object({
    /** NULL: the install never set one; printed as APP_NAME. */
    name: nullableText,
    address: z.string(),
    taxId: nullableText,
    supportEmail: nullableText,
    logoSha256: nullableText,
  }),
  credits: z.object({ displayName: z.string(), symbol: z.string() }),
  lines: z
    .array(z.object({ description: z.string(), quantity: integer, amountCents: integer }))
    .min(1),
  service: z
    .object({
      id: integer,
      family: z.string(),
      productName: z.string(),
      chargeKind: z.enum(['purchase', 'setup_fee', 'renewal', 'upgrade']),
      cycle: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
    })
    .optional(),
  topup: z
    .object({
      id: integer,
      purpose: z.enum(['custom_credits', 'virtfusion_tokens']),
      tokens: integer.nullable(),
      paidAt: z.string(),
    })
    .optional(),
  reason: z.string().optional(),
  refersTo: z.object({ chargeId: integer, invoiceNumber: nullableText }).optional(),
  payment: z.object({
    method: z.enum(['paypal', 'custom_credits']),
    captureId: nullableText.optional(),
    orderId: nullableText.optional(),
    ledgerEntryId: integer.nullable().optional(),
    balanceAfterCents: integer.nullable().optional(),
    /**
     * Invoices and credit notes issued since migration 0025: when the charge was debited or
     * the refund credited (a backfilled document is issued later than that).
     */
    paidAt: z.string().optional(),
  }),
})
export type DocumentSnapshot = z.infer<typeof documentSnapshotSchema>
