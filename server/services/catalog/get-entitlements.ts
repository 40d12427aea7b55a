import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { products, services, type ServiceStatus } from '#db/schema/services.ts'
import { parseLimits } from './families.ts'

/** Statuses whose service may be used right now: paid, or unpaid but still in grace. */
export const ENTITLED_STATUSES = ['active', 'past_due'] as const satisfies readonly ServiceStatus[]

export type DnsEntitlement = {
  hasPlan: boolean
  serviceId: number | null
  planName: string | null
  /** 0 without a plan: nothing may be added. */
  maxDomains: number
  maxRecords: number
  /** The live plan's status (also when it is suspended or pending, which entitle to nothing). */
  status: ServiceStatus | null
}

export type DedicatedServerEntitlement = {
  count: number
  servers: {
    id: number
    productName: string
    status: ServiceStatus
    hostname: string | null
    ipAddress: string | null
  }[]
}

export type Entitlements = { dns: DnsEntitlement; dedicated_server: DedicatedServerEntitlement }

const NO_DNS_PLAN = {
  hasPlan: false,
  serviceId: null,
  planName: null,
  maxDomains: 0,
  maxRecords: 0,
}

/**
 * What the user may use right now, per family, for any part of the panel (and API callers) to
 * enforce: the DNS plan's limits, the dedicated servers in service. Suspended, pending,
 * cancelled and terminated services entitle to nothing.
 */
export async function getEntitlements(db: DbOrTx, userId: number): Promise<Entitlements> {
  const rows = await db
    .select({
      id: services.id,
      family: services.family,
      status: services.status,
      hostname: services.hostname,
      ipAddress: services.ipAddress,
      productName: products.name,
      limits: products.limits,
    })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .where(
      and(
        eq(services.userId, userId),
        inArray(services.status, ['pending', 'active', 'past_due', 'suspended']),
      ),
    )
    .orderBy(asc(services.family), desc(services.id))

  const entitled = (status: ServiceStatus) =>
    (ENTITLED_STATUSES as readonly ServiceStatus[]).includes(status)

  // At most one live DNS plan per user (services_one_live_dns).
  const dnsService = rows.find((row) => row.family === 'dns')
  let dns: DnsEntitlement = { ...NO_DNS_PLAN, status: dnsService?.status ?? null }
  if (dnsService && entitled(dnsService.status)) {
    const limits = parseLimits('dns', dnsService.limits)
    dns = {
      hasPlan: true,
      serviceId: dnsService.id,
      planName: dnsService.productName,
      maxDomains: limits.maxDomains,
      maxRecords: limits.maxRecords,
      status: dnsService.status,
    }
  }

  const servers = rows
    .filter((row) => row.family === 'dedicated_server' && entitled(row.status))
    .reverse()
    .map((row) => ({
      id: row.id,
      productName: row.productName,
      status: row.status,
      hostname: row.hostname,
      ipAddress: row.ipAddress,
    }))
  return { dns, dedicated_server: { count: servers.length, servers } }
}
