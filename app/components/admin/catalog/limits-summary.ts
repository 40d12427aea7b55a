import { formatCount } from '#app/lib/format.ts'
import type { ProductFamily } from '#db/schema/services.ts'
import { LIMITS_SCHEMAS } from '#server/services/catalog/schemas.ts'

export const FAMILY_LABELS: Record<ProductFamily, string> = {
  dns: 'DNS plans',
  dedicated_server: 'Dedicated servers',
}

const FAMILY_NOUNS: Record<string, string> = {
  dns: 'DNS plan',
  dedicated_server: 'Dedicated server',
}

/** The catalog's button that creates a product of the family. */
export const NEW_PRODUCT_LABELS: Record<ProductFamily, string> = {
  dns: 'New DNS plan',
  dedicated_server: 'New dedicated server',
}

/** One product family in the singular: "DNS plan", "Dedicated server" ("Service" if unknown). */
export function familyNoun(family: string): string {
  return FAMILY_NOUNS[family] ?? 'Service'
}

/**
 * A product's limits in words, read through its family's own schema: "5 domains · 100 records
 * per domain", "Xeon E-2388G · 8 cores · 64 GB RAM · 1 × 960 GB NVMe · 20 TB · Frankfurt".
 * Limits the schema refuses (an old row) are listed as stored.
 */
export function limitsSummary(family: string, limits: unknown): string {
  if (family === 'dns') {
    const parsed = LIMITS_SCHEMAS.dns.safeParse(limits)
    if (parsed.success)
      return `${formatCount(parsed.data.maxDomains)} domains · ${formatCount(parsed.data.maxRecords)} records per domain`
  } else if (family === 'dedicated_server') {
    const parsed = LIMITS_SCHEMAS.dedicated_server.safeParse(limits)
    if (parsed.success) {
      const server = parsed.data
      const disks = server.disks
        .map((disk) => `${formatCount(disk.sizeGb)} GB ${disk.kind.toUpperCase()}`)
        .join(' + ')
      return [
        server.cpu,
        `${formatCount(server.cores)} cores`,
        `${formatCount(server.ramGb)} GB RAM`,
        disks,
        `${formatCount(server.bandwidthTb)} TB traffic`,
        server.location,
      ].join(' · ')
    }
  }
  return JSON.stringify(limits)
}
