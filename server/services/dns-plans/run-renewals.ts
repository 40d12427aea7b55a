import type { Db } from '#db/client.ts'
import {
  runRenewals as runServiceRenewals,
  type RenewalOptions,
  type RenewalReport as ServiceRenewalReport,
} from '../services/run-renewals.ts'

/** The pass as the DNS scripts and tests count it: an ended-unpaid plan is "expired". */
export type RenewalReport = ServiceRenewalReport & { expired: number }

/**
 * The one renewal pass of the services engine (every family, DNS plans included), with the
 * DNS report's `expired` (terminated) count beside the engine's.
 */
export async function runRenewals(db: Db, options: RenewalOptions = {}): Promise<RenewalReport> {
  const report = await runServiceRenewals(db, options)
  return { ...report, expired: report.terminated }
}
