import { timingSafeEqual } from 'node:crypto'
import { env } from '#server/env.ts'
import { requireApiAdmin } from '#server/http/rest-auth.ts'
import { jobQueueStatus } from '#server/jobs/queue.ts'
import { metrics } from '#server/lib/metrics.ts'

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

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  await jobQueueStatus().catch(() => undefined)
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType }
}
