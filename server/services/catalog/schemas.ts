import { z } from 'zod'
import type {
  BillingCycle,
  ProductFamily,
  PRODUCT_VISIBILITIES as DB_VISIBILITIES,
} from '#db/schema/services.ts'
import { zAmount } from '#server/lib/money-schema.ts'
import { formatCents, parseDecimalToCents } from '#server/lib/money.ts'
import { ZReason } from '#server/lib/reason-schema.ts'
import { zId, zInt, zText } from '#server/lib/validation.ts'

/*
 * The catalog's inputs and each product family's limits. No env, no database, no server-only
 * imports (types only): the admin catalog forms validate with these same schemas in the browser.
 * The value lists repeat db/schema/services.ts's (that module pulls drizzle into a bundle); the
 * `satisfies` lines fail to compile when the two drift apart.
 */

export const FAMILY_VALUES = ['dns', 'dedicated_server'] as const satisfies readonly ProductFamily[]
export const CYCLE_VALUES = [
  'monthly',
  'quarterly',
  'yearly',
] as const satisfies readonly BillingCycle[]
export const VISIBILITY_VALUES = ['active', 'hidden', 'retired'] as const satisfies Readonly<
  typeof DB_VISIBILITIES
>
type Exhaustive<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const _families: Exhaustive<(typeof FAMILY_VALUES)[number], ProductFamily> = true
const _cycles: Exhaustive<(typeof CYCLE_VALUES)[number], BillingCycle> = true
void _families
void _cycles

export type Visibility = (typeof VISIBILITY_VALUES)[number]

export const ZProductFamily = z.enum(FAMILY_VALUES, {
  error: `Family must be one of: ${FAMILY_VALUES.join(', ')}`,
})
export const ZBillingCycle = z.enum(CYCLE_VALUES, {
  error: `Billing cycle must be one of: ${CYCLE_VALUES.join(', ')}`,
})
export const ZVisibility = z.enum(VISIBILITY_VALUES, {
  error: `Visibility must be one of: ${VISIBILITY_VALUES.join(', ')}`,
})
export const ZProductId = zId('Product id must be a whole number from 1 to 2147483647')

/** DNS plan limits: how many domains, and records per domain. */
export const ZDnsLimits = z.strictObject({
  maxDomains: zInt({
    min: 1,
    max: 100_000,
    message: 'Max domains: a whole number from 1 to 100000',
  }),
  maxRecords: zInt({
    min: 1,
    max: 10_000_000,
    message: 'Max records: a whole number from 1 to 10000000',
  }),
})
export type DnsLimits = z.output<typeof ZDnsLimits>

export const DISK_KINDS = ['ssd', 'nvme', 'hdd'] as const
/** A dedicated server's hardware, as the product page shows it and the provisioner receives it. */
export const ZDedicatedServerLimits = z.strictObject({
  cpu: zText({ label: 'CPU', min: 2, max: 100 }),
  cores: zInt({ min: 1, max: 1024, message: 'Cores: a whole number from 1 to 1024' }),
  ramGb: zInt({ min: 1, max: 65_536, message: 'RAM: a whole number of GB from 1 to 65536' }),
  disks: z
    .array(
      z.strictObject({
        sizeGb: zInt({
          min: 1,
          max: 1_000_000,
          message: 'Disk size: a whole number of GB from 1 to 1000000',
        }),
        kind: z.enum(DISK_KINDS, { error: 'Disk kind must be ssd, nvme or hdd' }),
      }),
      { error: 'Disks must be a list' },
    )
    .min(1, 'At least one disk')
    .max(8, 'At most 8 disks'),
  bandwidthTb: zInt({
    min: 1,
    max: 100_000,
    message: 'Bandwidth: a whole number of TB from 1 to 100000',
  }),
  location: zText({ label: 'Location', min: 2, max: 100 }),
})
export type DedicatedServerLimits = z.output<typeof ZDedicatedServerLimits>

/** Each family's limits schema (families.ts adds the rest of the family's definition). */
export const LIMITS_SCHEMAS = {
  dns: ZDnsLimits,
  dedicated_server: ZDedicatedServerLimits,
} as const satisfies Record<ProductFamily, z.ZodType>
export type FamilyLimits = { [F in ProductFamily]: z.output<(typeof LIMITS_SCHEMAS)[F]> }

const ZSlug = z
  .string({ error: 'Slug must be text' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Slug: lowercase letters, digits and dashes (1 to 40)')
const ZProductName = zText({ label: 'Name', min: 2, max: 80 })
const ZDescription = zText({ label: 'Description', max: 1000, multiline: true })
const ZFeatures = z
  .array(zText({ label: 'Each feature', min: 1, max: 100 }), { error: 'Features must be a list' })
  .max(20, 'At most 20 features')
/** A price or fee as decimal text ("129.00") or a JSON number with at most two decimals. */
const PRICE_MAX_CENTS = 10_000_000
const ZPriceAmount = zAmount({ min: 1, max: PRICE_MAX_CENTS })
const SETUP_FEE_MAX_CENTS = PRICE_MAX_CENTS
/** A setup fee may be zero (none); otherwise like a price. */
const ZSetupFee = z.unknown().transform((value, ctx): number => {
  const text =
    typeof value === 'string'
      ? value.trim()
      : typeof value === 'number' && Number.isFinite(value)
        ? String(value)
        : null
  const parsed = text === null ? null : parseDecimalToCents(text)
  if (!parsed?.ok || parsed.cents > SETUP_FEE_MAX_CENTS) {
    ctx.addIssue({
      code: 'custom',
      message: `Setup fee must be an amount like 49.00, from 0 to ${formatCents(SETUP_FEE_MAX_CENTS)}`,
    })
    return z.NEVER
  }
  return parsed.cents
})
const ZDisplayOrder = zInt({
  min: 0,
  max: 10_000,
  message: 'Order: a whole number from 0 to 10000',
})

/** Prices per cycle: at least one; each its own exact amount. */
const ZPrices = z
  .strictObject({
    monthly: ZPriceAmount.optional(),
    quarterly: ZPriceAmount.optional(),
    yearly: ZPriceAmount.optional(),
  })
  .refine(
    (prices) => Object.values(prices).some((price) => price !== undefined),
    'At least one price (monthly, quarterly or yearly)',
  )

const productFields = {
  slug: ZSlug,
  name: ZProductName,
  description: ZDescription.default(''),
  features: ZFeatures.default([]),
  setupFee: ZSetupFee.default(0),
  displayOrder: ZDisplayOrder.default(0),
  visibility: z
    .enum(['active', 'hidden'], { error: 'A new product is active or hidden' })
    .default('active'),
  prices: ZPrices,
  reason: ZReason,
}

/** A new product: its limits are checked against its family's schema. */
export const ZCreateProductInput = z.discriminatedUnion(
  'family',
  [
    z.object({ ...productFields, family: z.literal('dns'), limits: ZDnsLimits }),
    z.object({
      ...productFields,
      family: z.literal('dedicated_server'),
      limits: ZDedicatedServerLimits,
    }),
  ],
  { error: `Family must be one of: ${FAMILY_VALUES.join(', ')}` },
)
export type CreateProductInput = z.output<typeof ZCreateProductInput>
/** A new product's fields (the reason travels with the actor), per family. */
export type NewProduct = CreateProductInput extends infer T
  ? T extends unknown
    ? Omit<T, 'reason'>
    : never
  : never

/**
 * An edit changes only the fields sent. Limits are checked against the product's family on the
 * server (the family is the stored product's, not the caller's).
 */
export const ZUpdateProductInput = z.object({
  productId: ZProductId,
  name: ZProductName.optional(),
  description: ZDescription.optional(),
  features: ZFeatures.optional(),
  limits: z.record(z.string(), z.unknown(), { error: 'Limits must be an object' }).optional(),
  setupFee: ZSetupFee.optional(),
  displayOrder: ZDisplayOrder.optional(),
  reason: ZReason,
})
export type UpdateProductInput = z.output<typeof ZUpdateProductInput>

export const ZSetVisibilityInput = z.object({
  productId: ZProductId,
  visibility: ZVisibility,
  reason: ZReason,
})
export type SetVisibilityInput = z.output<typeof ZSetVisibilityInput>

export const ZSetPriceInput = z.object({
  productId: ZProductId,
  cycle: ZBillingCycle,
  price: ZPriceAmount,
  reason: ZReason,
})
export type SetPriceInput = z.output<typeof ZSetPriceInput>

export const ZCatalogListInput = z
  .object({ family: ZProductFamily.optional() })
  .optional()
  .transform((input) => input ?? {})
/** Admins see every product, hidden and retired included. */
export const ZAdminCatalogListInput = z
  .object({ family: ZProductFamily.optional() })
  .optional()
  .transform((input) => input ?? {})
export const ZProductLookup = z.object({ productId: ZProductId })
