import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as refundRoute from '#app/routes/api.admin.services.$serviceId.charges.$chargeId.refunds.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import { products } from '#db/schema/index.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import type { ServiceChargeView, ServiceView } from '#server/services/services/views.ts'
import { runCli, serveApiRoutes } from '#tests/helpers/cli.ts'
import { balanceOf, expectLedgerConsistent, fundedUser } from '#tests/helpers/dns.ts'
import {
  dedicatedServerProduct,
  endAllLiveServices,
  markProvisioned,
} from '#tests/helpers/services.ts'
import { createTestUser } from '#tests/helpers/users.ts'

/**
 * `npm run cli` (scripts/cli.ts) as a child process: the services commands over tRPC and the
 * admin refund over REST, against the real route modules on a loopback port.
 */
let app: { url: string; close: () => void } | undefined

beforeAll(async () => {
  app = await serveApiRoutes([
    {
      path: 'api/admin/services/:serviceId/charges/:chargeId/refunds',
      module: refundRoute,
    },
    { path: 'api/trpc/*', module: trpcRoute },
  ])
})
afterAll(async () => {
  app?.close()
  await expectLedgerConsistent()
  await endAllLiveServices()
})

const cli = (args: string[], token: string) => runCli(args, { url: app!.url, token })

const slugOf = async (id: number) =>
  (await db.select({ slug: products.slug }).from(products).where(eq(products.id, id)))[0]!.slug

describe('npm run cli: services', () => {
  it('order, list, show, quote and change, auto-renew, cancel, resume; an admin refunds', async () => {
    const small = await dedicatedServerProduct({ monthly: 3_000 }, 1_000)
    const big = await dedicatedServerProduct({ monthly: 9_000 })
    const customer = await fundedUser(20_000, 'Cli Services Customer')
    const admin = await createTestUser({ role: 'admin', name: 'Cli Services Admin' })
    const token = (await createApiToken(db, { user: customer, name: 'cli', scope: 'write' })).token
    const adminToken = (await createApiToken(db, { user: admin, name: 'cli', scope: 'admin' }))
      .token

    const [usage, badCycle] = await Promise.all([
      cli(['service'], token),
      cli(['order', '--product', String(small), '--cycle', 'weekly'], token),
    ])
    expect(usage).toMatchObject({ code: 2 })
    expect(usage.stderr).toContain('ID is required.')
    expect(badCycle).toMatchObject({ code: 2 })
    expect(badCycle.stderr).toContain('--cycle must be one of monthly, quarterly, yearly')

    const ordered = await cli(
      ['order', '--product', await slugOf(small), '--cycle', 'monthly', '--json'],
      token,
    )
    expect(ordered.code, ordered.stderr).toBe(0)
    const service = JSON.parse(ordered.stdout) as ServiceView
    expect(service).toMatchObject({ product: { id: small }, pricePaid: { cents: 3_000 } })
    expect(await balanceOf(customer.id)).toBe(16_000)
    await markProvisioned(service.id)

    const [list, shown, quote] = await Promise.all([
      cli(['services'], token),
      cli(['service', String(service.id), '--json'], token),
      cli(['quote-change', String(service.id), '--product', String(big)], token),
    ])
    expect(list.stdout).toMatch(
      new RegExp(`^\\s*${service.id}\\s+Box .*active\\s+\\$30\\.00 monthly`, 'm'),
    )
    const { charges } = JSON.parse(shown.stdout) as { charges: ServiceChargeView[] }
    expect(charges.map((c) => [c.kind, c.amount.cents])).toEqual(
      expect.arrayContaining([
        ['purchase', 3_000],
        ['setup_fee', 1_000],
      ]),
    )
    expect(quote.code, quote.stderr).toBe(0)
    expect(quote.stdout).toMatch(/Charged now: \$\d+\.\d\d \(--quote /)

    const changed = await cli(['change', String(service.id), '--product', String(big)], token)
    expect(changed.code, changed.stderr).toBe(0)
    expect(changed.stdout).toMatch(/^Upgraded service \d+ to Box .*: \$\d+\.\d\d charged\.$/m)

    const off = await cli(['auto-renew', String(service.id), 'off'], token)
    expect(off.stdout).toMatch(/ends \d{4}-/)
    expect(off.stdout).not.toContain('renews')
    const cancelled = await cli(['cancel', String(service.id)], token)
    expect(cancelled.stdout).toMatch(/ends \d{4}-/)
    const resumed = await cli(['resume', String(service.id), '--json'], token)
    expect((JSON.parse(resumed.stdout) as ServiceView).cancelAtPeriodEnd).toBe(false)

    const purchase = charges.find((c) => c.kind === 'purchase')!
    const before = await balanceOf(customer.id)
    const args = ['refund', String(service.id), String(purchase.id), '--amount', '2.50']
    const key = ['--idempotency-key', 'cli-refund-key-1']
    const [refused, noReason] = await Promise.all([
      cli([...args, '--reason', 'mine', ...key], token),
      cli(args, adminToken),
    ])
    expect(refused.code).toBe(1)
    expect(noReason).toMatchObject({ code: 2 })
    const refunded = await cli([...args, '--reason', 'cli goodwill', ...key], adminToken)
    expect(refunded.code, refunded.stderr).toBe(0)
    expect(refunded.stdout).toContain(`Refunded $2.50 of charge ${purchase.id}`)
    const repeated = await cli([...args, '--reason', 'cli goodwill', ...key, '--json'], adminToken)
    expect(JSON.parse(repeated.stdout)).toMatchObject({ refund: { amountCents: 250 } })
    const tooMuch = await cli(
      ['refund', String(service.id), String(purchase.id), '--amount', '99.00', '--reason', 'much'],
      adminToken,
    )
    expect(tooMuch.code).toBe(1)
    expect(tooMuch.stderr).toContain('At most $27.50 of this charge is left to refund.')
    expect(await balanceOf(customer.id)).toBe(before + 250)
  }, 300_000) // ~15 child processes of tsx on a shared machine
})
