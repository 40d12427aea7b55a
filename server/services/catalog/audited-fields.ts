import type { Product } from '#db/schema/services.ts'

/** Who changed the catalog and why: every admin catalog change writes an audit entry (ADR 011). */
export type CatalogActor = { adminUserId: number; reason: string }

const AUDITED_FIELDS = [
  'slug',
  'name',
  'description',
  'features',
  'limits',
  'setupFeeCents',
  'visibility',
  'displayOrder',
] as const satisfies readonly (keyof Product)[]

export function auditedFieldsOf(product: Product): Record<string, unknown> {
  return Object.fromEntries(AUDITED_FIELDS.map((field) => [field, product[field]]))
}

/** The fields an edit changed, before and after; empty when it changed nothing. */
export function changesOf(before: Product, after: Product) {
  const from: Record<string, unknown> = {}
  const to: Record<string, unknown> = {}
  for (const field of AUDITED_FIELDS) {
    if (JSON.stringify(before[field]) === JSON.stringify(after[field])) continue
    from[field] = before[field]
    to[field] = after[field]
  }
  return { from, to, changed: Object.keys(to).length > 0 }
}
