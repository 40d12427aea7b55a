import type { z } from 'zod'
import { centsToDecimal } from '#app/lib/money.ts'
import { fieldErrorsOf } from '#server/lib/validation.ts'
// Browser-safe: the schemas the server checks the catalog with.
import {
  DISK_KINDS,
  LIMITS_SCHEMAS,
  ZCreateProductInput,
  ZUpdateProductInput,
} from '#server/services/catalog/schemas.ts'
import type { AdminProduct, Cycle, Family } from './use-admin-catalog.ts'

export const CYCLES = ['monthly', 'quarterly', 'yearly'] as const satisfies readonly Cycle[]

/** What the form holds: text as typed (money as decimal text, whole numbers as digits). */
export type ProductValues = {
  name: string
  slug: string
  description: string
  features: string
  setupFee: string
  visibility: 'active' | 'hidden'
  prices: Record<Cycle, string>
  // DNS
  maxDomains: string
  maxRecords: string
  // Dedicated server
  cpu: string
  cores: string
  ramGb: string
  disks: string
  bandwidthTb: string
  location: string
  reason: string
}

/** Errors keyed by form field ("prices.monthly", "limits.cpu", …); `other` for the rest. */
export type ProductErrors = Record<string, string | undefined>

const LIMIT_FIELDS: Record<Family, ReadonlyArray<keyof ProductValues>> = {
  dns: ['maxDomains', 'maxRecords'],
  dedicated_server: ['cpu', 'cores', 'ramGb', 'disks', 'bandwidthTb', 'location'],
}

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** "960 nvme" per line ↔ [{ sizeGb: 960, kind: 'nvme' }]. */
export function disksText(disks: unknown): string {
  if (!Array.isArray(disks)) return ''
  return disks
    .map((disk: { sizeGb?: unknown; kind?: unknown }) => `${str(disk.sizeGb)} ${str(disk.kind)}`)
    .join('\n')
}

function parseDisks(text: string): unknown[] | string {
  const disks: unknown[] = []
  for (const line of text.split('\n').map((each) => each.trim())) {
    if (!line) continue
    const match = /^(\S+)\s*(?:gb)?\s+(\S+)$/i.exec(line)
    if (!match)
      return `Each disk on its own line: size in GB and kind (${DISK_KINDS.join(', ')}), e.g. 960 nvme`
    disks.push({ sizeGb: match[1], kind: (match[2] ?? '').toLowerCase() })
  }
  return disks
}

export function valuesOf(product: AdminProduct | null): ProductValues {
  const limits: Record<string, unknown> = product?.limits ?? {}
  const priceOf = (cycle: Cycle) => {
    const price = product?.prices.find((each) => each.cycle === cycle)
    return price ? centsToDecimal(price.price.cents) : ''
  }
  return {
    name: product?.name ?? '',
    slug: product?.slug ?? '',
    description: product?.description ?? '',
    features: product?.features.join('\n') ?? '',
    setupFee: product ? centsToDecimal(product.setupFee.cents) : '0.00',
    visibility: 'active',
    prices: {
      monthly: priceOf('monthly'),
      quarterly: priceOf('quarterly'),
      yearly: priceOf('yearly'),
    },
    maxDomains: str(limits.maxDomains),
    maxRecords: str(limits.maxRecords),
    cpu: str(limits.cpu),
    cores: str(limits.cores),
    ramGb: str(limits.ramGb),
    disks: disksText(limits.disks),
    bandwidthTb: str(limits.bandwidthTb),
    location: str(limits.location),
    reason: '',
  }
}

function limitsOf(family: Family, values: ProductValues): Record<string, unknown> | string {
  if (family === 'dns') return { maxDomains: values.maxDomains, maxRecords: values.maxRecords }
  const disks = parseDisks(values.disks)
  if (typeof disks === 'string') return disks
  return {
    cpu: values.cpu,
    cores: values.cores,
    ramGb: values.ramGb,
    disks,
    bandwidthTb: values.bandwidthTb,
    location: values.location,
  }
}

/** A server or schema field path as the form's key: limits.disks.0.kind → disks. */
export function formKey(path: string): string {
  const [head, second] = path.split('.')
  if (head === 'limits' && second) return second
  if (head === 'prices' && second) return `prices.${second}`
  return head ?? '_'
}

const SHOWN = new Set<string>([
  'name',
  'slug',
  'description',
  'features',
  'setupFee',
  'prices',
  ...CYCLES.map((cycle) => `prices.${cycle}`),
  ...LIMIT_FIELDS.dns,
  ...LIMIT_FIELDS.dedicated_server,
  'reason',
])

/** Field errors (the server's or the schema's) on the form's fields; the rest in `other`. */
export function errorsFrom(
  fields: Record<string, string[] | string>,
  message?: string,
): ProductErrors {
  const errors: ProductErrors = {}
  const rest: string[] = []
  for (const [path, messages] of Object.entries(fields)) {
    const key = formKey(path)
    const first = Array.isArray(messages) ? messages[0] : messages
    if (SHOWN.has(key)) errors[key] ??= first
    else if (first) rest.push(first)
  }
  if (rest.length > 0 || (message && Object.keys(errors).length === 0))
    errors.other = [message, ...rest].filter(Boolean).join(' ')
  return errors
}

function features(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
}

export type CreateInput = z.input<typeof ZCreateProductInput>
export type UpdateInput = z.input<typeof ZUpdateProductInput>

/**
 * A new product of `family` from what was typed, checked with the server's own schema: the
 * input to send (amounts stay decimal text; the server parses them again), or field errors.
 */
export function createInputOf(
  family: Family,
  values: ProductValues,
): { input: CreateInput } | { errors: ProductErrors } {
  const limits = limitsOf(family, values)
  if (typeof limits === 'string') return { errors: { disks: limits } }
  const prices = Object.fromEntries(
    CYCLES.filter((cycle) => values.prices[cycle].trim() !== '').map((cycle) => [
      cycle,
      values.prices[cycle].trim(),
    ]),
  )
  const input = {
    family,
    slug: values.slug,
    name: values.name,
    description: values.description,
    features: features(values.features),
    setupFee: values.setupFee.trim() || '0',
    visibility: values.visibility,
    prices,
    limits,
    reason: values.reason,
  }
  const parsed = ZCreateProductInput.safeParse(input)
  return parsed.success
    ? { input: input as CreateInput }
    : { errors: errorsFrom(fieldErrorsOf(parsed.error)) }
}

/** An edit of `product`: every editable field (the server records only what changed). */
export function updateInputOf(
  product: AdminProduct,
  values: ProductValues,
): { input: UpdateInput } | { errors: ProductErrors } {
  const limits = limitsOf(product.family, values)
  if (typeof limits === 'string') return { errors: { disks: limits } }
  const input = {
    productId: product.id,
    name: values.name,
    description: values.description,
    features: features(values.features),
    setupFee: values.setupFee.trim() || '0',
    limits,
    reason: values.reason,
  }
  const parsed = ZUpdateProductInput.safeParse(input)
  const limitsChecked = LIMITS_SCHEMAS[product.family].safeParse(limits)
  const errors = {
    ...(parsed.success ? {} : errorsFrom(fieldErrorsOf(parsed.error))),
    ...(limitsChecked.success ? {} : errorsFrom(fieldErrorsOf(limitsChecked.error))),
  }
  return Object.keys(errors).length === 0 ? { input } : { errors }
}

export function limitFields(family: Family) {
  return LIMIT_FIELDS[family]
}
