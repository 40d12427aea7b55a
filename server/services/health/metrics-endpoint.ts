import { timingSafeEqual } from 'node:crypto'
import type { Db } from '#db/client.ts'
import { env } from '#server/env.ts'
import { requireApiAdmin } from '#server/http/rest-auth.ts'
import { jobQueueStatus } from '#server/jobs/queue.ts'
import { logError } from '#server/lib/log.ts'
import { metrics } from '#server/lib/metrics.ts'
import { countTopupsNeedingAttention } from '#server/services/payments/stuck-topups.ts'
import { latestChecks } from './system-checks.ts'

function matchesMetricsToken(request: Request): boolean {
  if (!env.METRICS_TOKEN) return false
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get('Authorization') ?? '')?.[1]
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(env.METRICS_TOKEN)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** A scraper with METRICS_TOKEN, or an admin (session or admin-scope API token). */
export async function authorizeMetrics(request: Request): Promise<void> {
  if (matchesMetricsToken(request)) return
  await requireApiAdmin(request)
}

/** The gauges read from the database, so that every process reports the same. */
async function refreshDatabaseGauges(db: Db): Promise<void> {
  const topups = await countTopupsNeedingAttention(db)
  metrics.topupsInReview.set(topups.inReview)
  metrics.topupsStuck.set({ state: 'created_without_order' }, topups.orderless)
  metrics.topupsStuck.set({ state: 'capturing_beyond_timeout' }, topups.abandonedClaims)
  const { ledger } = await latestChecks(db)
  metrics.ledgerCheckOk.set(ledger?.outcome === 'ok' ? 1 : 0)
  metrics.ledgerCheckTimestamp.set(ledger ? ledger.createdAt.getTime() / 1000 : 0)
}

export async function renderMetrics(db: Db): Promise<{ body: string; contentType: string }> {
  await Promise.all([
    jobQueueStatus().catch(() => undefined),
    // Without the database the rest of the metrics still answer; these keep their last values.
    refreshDatabaseGauges(db).catch((error: unknown) =>
      logError('metrics: database gauges not refreshed', error),
    ),
  ])
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }
}
