import { randomUUID } from 'node:crypto'
import { and, asc, eq } from 'drizzle-orm'
import { db as mainDb } from '#db/client.ts'
import { createDatabase, type Db } from '#db/connection.ts'
import {
  productPrices,
  products,
  users,
  type BillingCycle,
  type ProductFamily,
} from '#db/schema/index.ts'
import { OFFLINE_VIRTFUSION_API_URL, PAYPAL_API_BASE } from '#server/env.ts'
import { createPayPalClient } from '#server/integrations/paypal/client.ts'
import { getProviders, type Providers } from '#server/integrations/providers.ts'
import { createVirtFusionClient } from '#server/integrations/virtfusion/client.ts'
import { seedDevProducts } from '#server/services/catalog/seed-dev-products.ts'
import { startWebhookReceiver, type ReceivedWebhook } from '#tests/helpers/webhook-receiver.ts'
import { createRng, type Rng } from './rng.ts'

/**
 * What lives for the whole simulation file: connection pools (the app's own plus two
 * "other processes"), provider clients (the app's, a second process's, a short-timeout
 * one for the VirtFusion timeout case, and two with hooks that let the other party act
 * while a call is in flight), the DNS plans, the dedicated servers (the development seed,
 * DS-1 and DS-2) and the provisioning webhook receiver.
 */

export type Pool = { name: string; db: Db }
export type Plan = { id: number; slug: string; name: string; priceCents: number }
export type Product = {
  id: number
  slug: string
  family: ProductFamily
  setupFeeCents: number
  prices: Partial<Record<BillingCycle, number>>
}

/** The secret the simulated provisioner shares with SkyPANEL (its webhook for DNS events). */
export const WEBHOOK_SECRET = 'sim-provisioning-secret-0123456789abcdef0123'

/**
 * A real HTTP receiver on loopback (tests/helpers/webhook-receiver.ts: it checks each
 * signature the way docs/provisioning-webhooks.md tells receivers to). While `faults` is set,
 * it answers some requests 500 and delays some, a few beyond the worker's timeout (so the
 * event arrives but counts as failed, and comes again); its own generator, seeded per run,
 * decides, because requests arrive in whatever order the deliveries race.
 */
export type Receiver = {
  url: string
  received: ReceivedWebhook[]
  faults: Rng | null
  close(): Promise<void>
}

/** Runs `hook` (once) while a call is in flight, after the answer arrived or before sending. */
export type Hook = () => Promise<void>

export type World = {
  pools: Pool[]
  providers: Providers
  otherProcess: Providers
  shortVirtFusionTimeout: Providers
  /** PayPal whose capture of a hooked order runs the hook after PayPal answered, before we see it. */
  hookedPayPal: { providers: Providers; onCapture: Map<string, Hook> }
  /** VirtFusion whose add-credit for a hooked top-up id runs the hook before the request is sent. */
  hookedVirtFusion: { providers: Providers; onAddCredit: Map<number, Hook> }
  plans: Plan[]
  /** Every product the simulation sells (DNS plans and dedicated servers), by id. */
  products: Map<number, Product>
  dedicated: Product[]
  receiver: Receiver
  close(): Promise<void>
}

const urlOf = (input: Parameters<typeof fetch>[0]) =>
  input instanceof Request ? input.url : input.toString()

function paypalClient(timeoutMs: number, fetchImpl?: typeof fetch) {
  return createPayPalClient({
    baseUrl: PAYPAL_API_BASE,
    clientId: 'offline-client-id',
    clientSecret: 'offline-client-secret',
    webhookId: 'offline-webhook-id',
    timeoutMs,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  })
}

function virtfusionClient(timeoutMs: number, fetchImpl?: typeof fetch) {
  return createVirtFusionClient({
    baseUrl: OFFLINE_VIRTFUSION_API_URL,
    token: 'offline-token',
    timeoutMs,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  })
}

function referenceOf(init: RequestInit | undefined): number | null {
  if (typeof init?.body !== 'string') return null
  try {
    const body = JSON.parse(init.body) as { reference_1?: unknown }
    return typeof body.reference_1 === 'number' ? body.reference_1 : null
  } catch {
    return null
  }
}

export async function createWorld(): Promise<World> {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set (the integration setup sets it)')
  const workerA = createDatabase(url, { max: 4 })
  const workerB = createDatabase(url, { max: 4 })

  const onCapture = new Map<string, Hook>()
  const hookedPayPal = paypalClient(5000, async (input, init) => {
    const response = await fetch(input, init)
    const match = /\/v2\/checkout\/orders\/([^/]+)\/capture$/.exec(urlOf(input))
    const hook = match ? onCapture.get(match[1]!) : undefined
    if (hook) {
      onCapture.delete(match![1]!)
      await hook()
    }
    return response
  })

  const onAddCredit = new Map<number, Hook>()
  const hookedVirtFusion = virtfusionClient(5000, async (input, init) => {
    if (urlOf(input).includes('/selfService/credit/byUserExtRelationId/')) {
      const reference = referenceOf(init)
      const hook = reference === null ? undefined : onAddCredit.get(reference)
      if (hook) {
        onAddCredit.delete(reference!)
        await hook()
      }
    }
    return fetch(input, init)
  })

  const providers = getProviders()
  const plans = await mainDb
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      priceCents: productPrices.priceCents,
    })
    .from(products)
    .innerJoin(
      productPrices,
      and(eq(productPrices.productId, products.id), eq(productPrices.cycle, 'monthly')),
    )
    .where(and(eq(products.family, 'dns'), eq(products.visibility, 'active')))
    .orderBy(asc(productPrices.priceCents))
  if (plans.length < 2) throw new Error('the simulation needs at least two active DNS plans')
  await seedDevProducts(mainDb)
  const catalog = await loadProducts()
  const dedicated = [...catalog.values()].filter((p) => p.family === 'dedicated_server')
  if (dedicated.length < 2) throw new Error('the simulation needs the two seeded dedicated servers')
  const receiver = await startReceiver()

  return {
    pools: [
      { name: 'app', db: mainDb },
      { name: 'workerA', db: workerA.db },
      { name: 'workerB', db: workerB.db },
    ],
    providers,
    otherProcess: { paypal: paypalClient(5000), virtfusion: virtfusionClient(5000) },
    shortVirtFusionTimeout: { paypal: providers.paypal, virtfusion: virtfusionClient(150) },
    hookedPayPal: {
      providers: { paypal: hookedPayPal, virtfusion: providers.virtfusion },
      onCapture,
    },
    hookedVirtFusion: {
      providers: { paypal: providers.paypal, virtfusion: hookedVirtFusion },
      onAddCredit,
    },
    plans,
    products: catalog,
    dedicated,
    receiver,
    async close() {
      await receiver.close()
      await workerA.sql.end({ timeout: 5 })
      await workerB.sql.end({ timeout: 5 })
    },
  }
}

async function loadProducts(): Promise<Map<number, Product>> {
  const rows = await mainDb
    .select({ product: products, price: productPrices })
    .from(products)
    .innerJoin(productPrices, eq(productPrices.productId, products.id))
    .where(eq(products.visibility, 'active'))
    .orderBy(asc(products.id))
  const byId = new Map<number, Product>()
  for (const { product, price } of rows) {
    let entry = byId.get(product.id)
    if (!entry) {
      entry = {
        id: product.id,
        slug: product.slug,
        family: product.family,
        setupFeeCents: product.setupFeeCents,
        prices: {},
      }
      byId.set(product.id, entry)
    }
    entry.prices[price.cycle] = price.priceCents
  }
  return byId
}

async function startReceiver(): Promise<Receiver> {
  const state: { faults: Rng | null } = { faults: null }
  const started = await startWebhookReceiver(WEBHOOK_SECRET, () => {
    const rng = state.faults
    if (!rng) return { status: 204 }
    const roll = rng.next()
    if (roll < 0.25) return { status: 500 }
    if (roll < 0.32) return { status: 200, delayMs: 200 }
    if (roll < 0.5) return { status: 200, delayMs: rng.int(0, 60) }
    return { status: rng.chance(0.5) ? 200 : 204 }
  })
  return {
    url: started.url,
    received: started.received,
    get faults() {
      return state.faults
    },
    set faults(rng: Rng | null) {
      state.faults = rng
    },
    close: started.close,
  }
}

/** A fresh fault generator for the receiver, from the run's seed. */
export const receiverFaults = (seed: number) => createRng((seed ^ 0x7e57ab1e) >>> 0)

export type SimUser = { id: number; name: string }

/**
 * Users straight into the table: the simulation needs ids, not logins, and hashing a
 * password per user (argon2) would cost more than a whole run.
 */
export async function createSimUsers(
  db: Db,
  count: number,
  label: string,
  role: 'user' | 'admin' = 'user',
): Promise<SimUser[]> {
  const rows = await db
    .insert(users)
    .values(
      Array.from({ length: count }, (_, index) => ({
        name: `Sim ${role} ${label}-${index}`,
        email: `sim-${role}-${label}-${index}-${randomUUID()}@example.test`,
        passwordHash: 'not-a-password-hash (simulation user)',
        role,
      })),
    )
    .returning({ id: users.id, name: users.name })
  return rows
}
