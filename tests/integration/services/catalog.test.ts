import { and, asc, eq, inArray, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as catalogRoute from '#app/routes/api.services.catalog.ts'
import { db } from '#db/client.ts'
import {
  adminAuditLog,
  notifications,
  productPrices,
  products,
  services,
} from '#db/schema/index.ts'
import { seedDevProducts } from '#server/services/catalog/seed-dev-products.ts'
import type { ProductView } from '#server/services/catalog/views.ts'
import { restError, trpcError } from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { insertServiceRow, SERVER_LIMITS } from './catalog-rows.ts'

let admin: TestUser
let customer: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Catalog Admin' })
  customer = await createTestUser({ name: 'Catalog Customer' })
})

const asAdmin = (path: string, input: unknown) =>
  trpcMutation(`services.admin.catalog.${path}`, input, { cookie: admin.cookie })

const newServer = (slug: string, extra: Record<string, unknown> = {}) => ({
  family: 'dedicated_server',
  slug,
  name: `Server ${slug}`,
  limits: SERVER_LIMITS,
  prices: { monthly: '129.00', yearly: '1290.00' },
  setupFee: '49.00',
  reason: 'new hardware in stock',
  ...extra,
})

const catalogEntries = () =>
  db
    .select()
    .from(adminAuditLog)
    .where(like(adminAuditLog.action, 'product.%'))
    .orderBy(asc(adminAuditLog.id))

const productCount = async () => ({
  products: await db.$count(products),
  prices: await db.$count(productPrices),
  audit: (await catalogEntries()).length,
})

describe('catalog administration', () => {
  it('creates a product with exact cents per cycle and a setup fee, audited with its reason', async () => {
    const product = await trpcData<ProductView>(await asAdmin('create', newServer('ds-a')))
    expect(product).toMatchObject({
      family: 'dedicated_server',
      familyLabel: 'Dedicated servers',
      visibility: 'active',
      setupFee: { cents: 4900, formatted: '$49.00' },
      limits: SERVER_LIMITS,
      prices: [
        { cycle: 'monthly', price: { cents: 12_900 } },
        { cycle: 'yearly', price: { cents: 129_000, formatted: '$1,290.00' } },
      ],
    })
    const [entry] = (await catalogEntries()).filter((e) => e.subject === `product:${product.id}`)
    expect(entry).toMatchObject({
      action: 'product.create',
      adminUserId: admin.id,
      reason: 'new hardware in stock',
      details: {
        to: { family: 'dedicated_server', setupFeeCents: 4900, prices: { yearly: 129_000 } },
      },
    })
  })

  it('refuses hostile limits, prices and reasons with a 400 and writes nothing', async () => {
    const before = await productCount()
    const hostile: Record<string, unknown>[] = [
      newServer('h1', { limits: { maxDomains: 5, maxRecords: 5 } }),
      newServer('h2', { family: 'dns' }),
      newServer('h3', { limits: { ...SERVER_LIMITS, disks: [] } }),
      newServer('h4', {
        limits: { ...SERVER_LIMITS, disks: Array(9).fill({ sizeGb: 1, kind: 'ssd' }) },
      }),
      newServer('h5', { limits: { ...SERVER_LIMITS, ramGb: 1e300 } }),
      newServer('h6', { limits: { ...SERVER_LIMITS, cores: '8; drop table products' } }),
      newServer('h7', { limits: { ...SERVER_LIMITS, location: 'x\u0000' } }),
      newServer('h8', { limits: { ...SERVER_LIMITS, admin: true } }),
      newServer('h9', { limits: 'cpu' }),
      newServer('h10', { limits: null }),
      newServer('h11', { family: 'vps' }),
      newServer('h12', { prices: { monthly: 129.001 } }),
      newServer('h13', { prices: { monthly: '-5' } }),
      newServer('h14', { prices: {} }),
      newServer('h15', { prices: { weekly: '1.00' } }),
      newServer('h16', { setupFee: '1e3' }),
      newServer('h17', { reason: '' }),
      newServer('h18', { reason: undefined }),
      { ...newServer('h19'), family: undefined },
    ]
    for (const input of hostile) {
      const error = await trpcError(await asAdmin('create', input))
      expect(error.status, JSON.stringify(input)).toBe(400)
    }
    expect(await productCount()).toEqual(before)
  })

  it('updates fields; limits are checked against the stored product’s family', async () => {
    const product = await trpcData<ProductView>(await asAdmin('create', newServer('ds-b')))
    const wrongFamily = await trpcError(
      await asAdmin('update', {
        productId: product.id,
        limits: { maxDomains: 10, maxRecords: 10 },
        name: 'Renamed',
        reason: 'try DNS limits',
      }),
    )
    expect(wrongFamily.status).toBe(400)
    expect(wrongFamily.message).toContain('limits')
    const [unchanged] = await db.select().from(products).where(eq(products.id, product.id))
    expect(unchanged).toMatchObject({ name: 'Server ds-b', limits: SERVER_LIMITS })

    const updated = await trpcData<ProductView>(
      await asAdmin('update', {
        productId: product.id,
        name: 'DS-B Renamed',
        limits: { ...SERVER_LIMITS, ramGb: 128 },
        setupFee: '0',
        displayOrder: 7,
        reason: 'RAM upgrade for the range',
      }),
    )
    expect(updated).toMatchObject({
      name: 'DS-B Renamed',
      limits: { ramGb: 128 },
      setupFee: { cents: 0 },
      displayOrder: 7,
    })
    const entry = (await catalogEntries()).at(-1)
    expect(entry).toMatchObject({
      action: 'product.update',
      details: {
        from: { name: 'Server ds-b', setupFeeCents: 4900, displayOrder: 0 },
        to: { name: 'DS-B Renamed', setupFeeCents: 0, displayOrder: 7 },
      },
    })
    // The same values again: nothing changes, nothing is recorded.
    const count = (await catalogEntries()).length
    await trpcData(
      await asAdmin('update', { productId: product.id, name: 'DS-B Renamed', reason: 'again' }),
    )
    expect(await catalogEntries()).toHaveLength(count)
    // A duplicate name within the family is a 409 naming the field.
    const taken = await trpcError(
      await asAdmin('update', { productId: product.id, name: 'Server ds-a', reason: 'clash' }),
    )
    expect(taken).toMatchObject({ status: 409, code: 'CONFLICT' })
  })

  it('hidden products are not listed nor found for customers; admins see them', async () => {
    const product = await trpcData<ProductView>(await asAdmin('create', newServer('ds-hidden')))
    await trpcData(
      await asAdmin('setVisibility', {
        productId: product.id,
        visibility: 'hidden',
        reason: 'out of stock',
      }),
    )
    const listed = await trpcData<ProductView[]>(
      await trpcQuery('services.catalog.list', undefined),
    )
    expect(listed.map((p) => p.id)).not.toContain(product.id)
    expect(listed.every((p) => p.visibility === 'active')).toBe(true)
    expect((await trpcQuery('services.catalog.get', { productId: product.id })).status).toBe(404)
    const rest = (await (
      await invoke(catalogRoute.loader, '/api/services/catalog?family=dedicated_server')
    ).json()) as ProductView[]
    expect(rest.map((p) => p.id)).not.toContain(product.id)
    expect(rest.every((p) => p.family === 'dedicated_server')).toBe(true)
    expect(
      await restError(await invoke(catalogRoute.loader, '/api/services/catalog?family=vps')),
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' })

    const adminList = await trpcData<ProductView[]>(
      await trpcQuery('services.admin.catalog.list', undefined, admin.cookie),
    )
    expect(adminList.find((p) => p.id === product.id)).toMatchObject({ visibility: 'hidden' })
    // Customers may not use the admin procedures.
    expect(
      (await trpcQuery('services.admin.catalog.list', undefined, customer.cookie)).status,
    ).toBe(403)
    expect(
      (
        await trpcMutation(
          'services.admin.catalog.setVisibility',
          { productId: product.id, visibility: 'active', reason: 'sneaky' },
          { cookie: customer.cookie },
        )
      ).status,
    ).toBe(403)
  })

  it('retiring is final: bringing a retired product back is a 409 and changes nothing', async () => {
    const product = await trpcData<ProductView>(await asAdmin('create', newServer('ds-old')))
    await trpcData(
      await asAdmin('setVisibility', {
        productId: product.id,
        visibility: 'retired',
        reason: 'end of life',
      }),
    )
    for (const visibility of ['active', 'hidden']) {
      const refused = await trpcError(
        await asAdmin('setVisibility', { productId: product.id, visibility, reason: 'undo' }),
      )
      expect(refused).toMatchObject({ status: 409, code: 'CONFLICT' })
    }
    const [row] = await db.select().from(products).where(eq(products.id, product.id))
    expect(row!.visibility).toBe('retired')
    const entries = (await catalogEntries()).filter((e) => e.subject === `product:${product.id}`)
    expect(entries.map((e) => [e.action, e.details])).toEqual([
      ['product.create', expect.anything()],
      ['product.set_visibility', { from: { visibility: 'active' }, to: { visibility: 'retired' } }],
    ])
  })

  it('a price change is announced to the live services on that cycle and applies at their renewal', async () => {
    const product = await trpcData<ProductView>(await asAdmin('create', newServer('ds-price')))
    const users = await Promise.all(
      ['Monthly One', 'Monthly Two', 'Yearly', 'Ended'].map((name) => createTestUser({ name })),
    )
    const [one, two, yearly, ended] = await Promise.all([
      insertServiceRow({ userId: users[0]!.id, productId: product.id, family: 'dedicated_server' }),
      insertServiceRow({
        userId: users[1]!.id,
        productId: product.id,
        family: 'dedicated_server',
        status: 'past_due',
      }),
      insertServiceRow({
        userId: users[2]!.id,
        productId: product.id,
        family: 'dedicated_server',
        cycle: 'yearly',
        recurringPriceCents: 129_000,
      }),
      insertServiceRow({
        userId: users[3]!.id,
        productId: product.id,
        family: 'dedicated_server',
        status: 'terminated',
      }),
    ])

    const result = await trpcData<{ product: ProductView; announced: number }>(
      await asAdmin('setPrice', {
        productId: product.id,
        cycle: 'monthly',
        price: '139.00',
        reason: 'energy costs',
      }),
    )
    expect(result.announced).toBe(2)
    expect(result.product.prices[0]).toMatchObject({ cycle: 'monthly', price: { cents: 13_900 } })

    const rows = await db
      .select()
      .from(services)
      .where(inArray(services.id, [one.id, two.id, yearly.id, ended.id]))
    const byId = new Map(
      rows.map((s) => [s.id, [s.recurringPriceCents, s.nextRecurringPriceCents]]),
    )
    expect([one, two, yearly, ended].map((s) => byId.get(s.id))).toEqual([
      [12_900, 13_900],
      [12_900, 13_900],
      [129_000, null],
      [12_900, null],
    ])
    const told = await db
      .select()
      .from(notifications)
      .where(eq(notifications.kind, 'service_price_change'))
    expect(told.map((n) => n.userId).sort()).toEqual([users[0]!.id, users[1]!.id].sort())
    expect(told[0]!.body).toContain('$139.00 a month instead of $129.00')
    expect(told[0]!.body).toContain('2026-12-15')
    expect(told[0]!.dedupeKey).toMatch(/^service-price:\d+:13900$/)

    // The same price again changes and announces nothing; back to the locked price withdraws it.
    const again = await trpcData<{ announced: number }>(
      await asAdmin('setPrice', {
        productId: product.id,
        cycle: 'monthly',
        price: 139,
        reason: 'again',
      }),
    )
    expect(again.announced).toBe(0)
    await trpcData(
      await asAdmin('setPrice', {
        productId: product.id,
        cycle: 'monthly',
        price: '129.00',
        reason: 'rolled back',
      }),
    )
    const [rolledBack] = await db.select().from(services).where(eq(services.id, one.id))
    expect(rolledBack!.nextRecurringPriceCents).toBeNull()
    expect(await db.$count(notifications, eq(notifications.kind, 'service_price_change'))).toBe(2)

    const priceEntries = (await catalogEntries()).filter(
      (e) => e.subject === `product:${product.id}` && e.action === 'product.set_price',
    )
    expect(priceEntries.map((e) => e.details)).toEqual([
      {
        cycle: 'monthly',
        from: { priceCents: 12_900 },
        to: { priceCents: 13_900 },
        // The service sorts by id; the rows above were inserted in parallel.
        announcedTo: [one.id, two.id].sort((a, b) => a - b),
      },
      {
        cycle: 'monthly',
        from: { priceCents: 13_900 },
        to: { priceCents: 12_900 },
        announcedTo: [],
      },
    ])

    // A new cycle is added the same way; a float-looking price is refused, not rounded.
    await trpcData(
      await asAdmin('setPrice', {
        productId: product.id,
        cycle: 'quarterly',
        price: '359.00',
        reason: 'quarterly billing',
      }),
    )
    expect(
      (
        await trpcError(
          await asAdmin('setPrice', {
            productId: product.id,
            cycle: 'quarterly',
            price: '359.005',
            reason: 'half a cent',
          }),
        )
      ).status,
    ).toBe(400)
    const [quarterly] = await db
      .select()
      .from(productPrices)
      .where(and(eq(productPrices.productId, product.id), eq(productPrices.cycle, 'quarterly')))
    expect(quarterly!.priceCents).toBe(35_900)
  })
})

describe('development seed', () => {
  it('adds the two example dedicated servers once; a second run changes nothing', async () => {
    const snapshot = async () => {
      const rows = await db
        .select()
        .from(products)
        .where(like(products.slug, 'ds-%-%-%'))
        .orderBy(asc(products.id))
      const prices = await db
        .select()
        .from(productPrices)
        .where(
          inArray(
            productPrices.productId,
            rows.map((row) => row.id),
          ),
        )
        .orderBy(asc(productPrices.productId), asc(productPrices.cycle))
      return { rows, prices }
    }
    expect(await seedDevProducts(db)).toEqual(['ds-1-xeon-e-2388g', 'ds-2-epyc-7443p'])
    const first = await snapshot()
    expect(await seedDevProducts(db)).toEqual([])
    expect(await snapshot()).toEqual(first)

    expect(first.rows.map((row) => [row.name, row.setupFeeCents, row.visibility])).toEqual([
      ['DS-1 Xeon E-2388G', 4900, 'active'],
      ['DS-2 EPYC 7443P', 9900, 'active'],
    ])
    expect(first.prices.map((price) => [price.cycle, price.priceCents])).toEqual([
      ['monthly', 12_900],
      ['yearly', 129_000],
      ['monthly', 24_900],
      ['quarterly', 69_900],
      ['yearly', 249_000],
    ])
  })
})
