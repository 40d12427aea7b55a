import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { errorResponse } from '#app/lib/rest.server.ts'
import { authorizeMetrics, renderMetrics } from '#app/lib/ops.server.ts'

/** GET /metrics: Prometheus text format, for METRICS_TOKEN, an admin API token or an admin session. */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await authorizeMetrics(request)
    const { body, contentType } = await renderMetrics(db)
    return new Response(body, {
      headers: { 'Content-Type': contentType, 'Cache-Control': 'no-store' },
    })
  } catch (error) {
    return errorResponse(error)
  }
}
