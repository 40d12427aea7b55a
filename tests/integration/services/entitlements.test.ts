import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as entitlementsRoute from '#app/routes/api.services.entitlements.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import type { ServiceStatus } from '#db/schema/services.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { createProduct } from '#server/services/catalog/create-product.ts'
import { getEntitlements, type Entitlements } from '#server/services/catalog/get-entitlements.ts'
import type { ProductView } from '#server/services/catalog/views.ts'
import { runCli, serveApiRoutes } from '#tests/helpers/cli.ts'
import { restError } from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { insertServiceRow, SERVER_LIMITS } from './catalog-rows.ts'

let admin: TestUser
let dnsPro: ProductView
let server: ProductView

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Entitlements Admin' })
  const actor = { adminUserId: admin.id, reason: 'test catalog' }
  const common = { description: '', features: [], setupFee: 0, displayOrder: 0 }
  dnsPro = await createProduct(
    db,
    {
      ...common,
      family: 'dns',
      slug: 'ent-pro',
      name: 'Ent Pro',
      visibility: 'active',
      limits: { maxDomains: 25, maxRecords: 500 },
      prices: { monthly: 1500 },
    },
    actor,
  )
  server = await createProduct(
    db,
    {
      ...common,
      family: 'dedicated_server',
      slug: 'ent-ds',
      name: 'Ent DS',
      visibility: 'active',
      limits: SERVER_LIMITS,
      prices: { monthly: 12_900 },
    },
    actor,
  )
})

async function userWith(dns: ServiceStatus[], servers: ServiceStatus[]): Promise<TestUser> {
  const user = await createTestUser({ name: 'Entitled' })
  // One live DNS plan at most (services_one_live_dns): ended ones first, the live one last.
  for (const status of dns) {
    await insertServiceRow({ userId: user.id, productId: dnsPro.id, family: 'dns', status })
  }
  for (const [index, status] of servers.entries()) {
    await insertServiceRow({
      userId: user.id,
      productId: server.id,
      family: 'dedicated_server',
      status,
      hostname: status === 'pending' ? undefined : `ds${index}.example.test`,
      ipAddress: status === 'pending' ? undefined : `192.0.2.${index + 10}`,
    })
  }
  return user
}

describe('getEntitlements', () => {
  it('without services: no DNS plan (nothing may be added), no servers', async () => {
    const user = await createTestUser({ name: 'Nobody' })
    expect(await getEntitlements(db, user.id)).toEqual({
      dns: {
        hasPlan: false,
        serviceId: null,
        planName: null,
        maxDomains: 0,
        maxRecords: 0,
        status: null,
      },
      dedicated_server: { count: 0, servers: [] },
    })
  })

  it('an active or past-due DNS plan gives its limits; suspended, pending and ended ones do not', async () => {
    for (const status of ['active', 'past_due'] as const) {
      const user = await userWith(['terminated', 'cancelled', status], [])
      expect((await getEntitlements(db, user.id)).dns).toMatchObject({
        hasPlan: true,
        planName: 'Ent Pro',
        maxDomains: 25,
        maxRecords: 500,
        status,
      })
    }
    for (const status of ['suspended', 'pending'] as const) {
      const user = await userWith(['terminated', status], [])
      expect((await getEntitlements(db, user.id)).dns).toEqual({
        hasPlan: false,
        serviceId: null,
        planName: null,
        maxDomains: 0,
        maxRecords: 0,
        status,
      })
    }
    const ended = await userWith(['terminated', 'cancelled'], [])
    expect((await getEntitlements(db, ended.id)).dns).toMatchObject({
      hasPlan: false,
      status: null,
    })
  })

  it('lists the dedicated servers in service (active, or past due in grace), oldest first', async () => {
    const user = await userWith([], ['active', 'pending', 'past_due', 'suspended', 'terminated'])
    const { dedicated_server: servers } = await getEntitlements(db, user.id)
    expect(servers.count).toBe(2)
    expect(servers.servers.map((s) => [s.productName, s.status, s.hostname, s.ipAddress])).toEqual([
      ['Ent DS', 'active', 'ds0.example.test', '192.0.2.10'],
      ['Ent DS', 'past_due', 'ds2.example.test', '192.0.2.12'],
    ])
  })
})

describe('entitlements over the API', () => {
  let customer: TestUser
  let readToken: string
  let app: { url: string; close: () => void } | undefined

  beforeAll(async () => {
    customer = await userWith(['active'], ['active'])
    readToken = (await createApiToken(db, { user: customer, name: 'read', scope: 'read' })).token
  })
  afterAll(() => app?.close())

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

  it('GET /api/services/entitlements answers a read-scoped token; no token is a 401', async () => {
    const response = await invoke(entitlementsRoute.loader, '/api/services/entitlements', {
      headers: bearer(readToken),
    })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Entitlements
    expect(body.dns).toMatchObject({ hasPlan: true, planName: 'Ent Pro', maxDomains: 25 })
    expect(body.dedicated_server.count).toBe(1)

    expect(
      (await restError(await invoke(entitlementsRoute.loader, '/api/services/entitlements')))
        .status,
    ).toBe(401)
    const post = await invoke(entitlementsRoute.loader, '/api/services/entitlements', {
      method: 'POST',
      headers: bearer(readToken),
    })
    // restHandler's answer to another method (server/http/rest-auth.ts methodNotAllowed).
    expect(await restError(post)).toMatchObject({
      status: 400,
      message: expect.stringContaining('use GET'),
    })
  })

  it('services.entitlements (tRPC) answers the same read-scoped token', async () => {
    const response = await invoke(trpcRoute.loader, '/api/trpc/services.entitlements', {
      headers: bearer(readToken),
    })
    const data = await trpcData<Entitlements>(response)
    expect(data.dns.maxRecords).toBe(500)
    expect(data.dedicated_server.servers[0]?.hostname).toBe('ds0.example.test')
  })

  it('npm run cli -- entitlements and catalog, with a read token', async () => {
    app = await serveApiRoutes([{ path: 'api/trpc/*', module: trpcRoute }])
    const cli = async (args: string[]) => {
      const result = await runCli(args, { url: app!.url, token: readToken })
      if (result.code !== 0) throw new Error(`cli ${args.join(' ')} failed: ${result.stderr}`)
      return result.stdout
    }
    const [table, json, catalog] = await Promise.all([
      cli(['entitlements']),
      cli(['entitlements', '--json']),
      cli(['catalog', '--family', 'dedicated_server']),
    ])
    expect(table).toContain('DNS plan: Ent Pro (active): up to 25 domains, 500 records per domain')
    expect(table).toContain('Dedicated servers: 1')
    expect(table).toMatch(/Ent DS\s+active\s+ds0\.example\.test\s+192\.0\.2\.10/)
    expect((JSON.parse(json) as Entitlements).dns.maxDomains).toBe(25)
    expect(catalog).toMatch(/Dedicated servers\s+Ent DS\s+\d+\s+-\s+\$129\.00 monthly/)
    expect(catalog).not.toContain('Ent Pro')
  })
})
