import { describe, expect, it } from 'vitest'
import * as healthz from '#app/routes/healthz.ts'
import * as metricsRoute from '#app/routes/metrics.ts'
import { createDatabase } from '#db/connection.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { checkReadiness } from '#server/services/health/readiness.ts'
import { startTopup } from '#server/services/payments/topup-checkout.ts'
import { db } from '#db/client.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser } from '#tests/helpers/users.ts'

describe('health and metrics', () => {
  it('/healthz answers without touching dependencies', async () => {
    const response = await invoke(healthz.loader, '/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('readiness sees the database and current migrations, and reports an unreachable database', async () => {
    const ready = await checkReadiness(db)
    expect(ready.checks.database.ok).toBe(true)
    expect(ready.checks.migrations.ok).toBe(true)

    const unreachable = createDatabase('postgres://nobody:nothing@127.0.0.1:1/none', { max: 1 })
    const down = await checkReadiness(unreachable.db)
    await unreachable.sql.end({ timeout: 1 })
    expect(down.ready).toBe(false)
    expect(down.checks.database.ok).toBe(false)
  })

  it('/metrics is refused to users and counts a top-up for admins', async () => {
    const user = await createTestUser()
    const admin = await createTestUser({ role: 'admin' })
    expect((await invoke(metricsRoute.loader, '/metrics')).status).toBe(401)
    expect((await invoke(metricsRoute.loader, '/metrics', { cookie: user.cookie })).status).toBe(
      403,
    )

    await startTopup(
      db,
      getProviders(),
      { userId: user.id, ip: '10.1.1.1' },
      { purpose: 'custom_credits', amountCents: 1500, siteOrigin: 'http://localhost:3000' },
    )
    const response = await invoke(metricsRoute.loader, '/metrics', { cookie: admin.cookie })
    expect(response.status).toBe(200)
    const text = await response.text()
    expect(text).toMatch(
      /skypanel_topup_attempts_total\{provider="paypal",purpose="custom_credits",stage="create"\} 1/,
    )
    expect(text).toMatch(/skypanel_http_request_duration_seconds/)
  })
})
