import { asc, eq, inArray } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { db } from '#db/client.ts'
import {
  adminAuditLog,
  serviceEventDeliveries,
  serviceEvents,
  type ProductFamily,
} from '#db/schema/index.ts'
import {
  deliverDueEvents,
  RETRY_WINDOW_MS,
  type DeliveryOptions,
} from '#server/services/provisioning/deliver-due-events.ts'
import { redeliverEvent } from '#server/services/provisioning/redeliver-event.ts'
import { insertProduct, insertService, recordEvent } from '#tests/helpers/service-rows.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { startWebhookReceiver, verify, type Respond } from '#tests/helpers/webhook-receiver.ts'

// Dedicated servers go to a webhook in this file (DNS keeps its default, none); the URL in the environment refuses connections (port 2 on
// loopback), the tests' receivers are passed in with endpointFor.
const ENV_URL = 'http://127.0.0.1:2/refused'
vi.hoisted(() => {
  process.env.PROVISIONER_DEDICATED_SERVER = 'webhook'
  process.env.PROVISIONING_WEBHOOK_URL_DEDICATED_SERVER = 'http://127.0.0.1:2/refused'
  process.env.PROVISIONING_WEBHOOK_SECRET_DEDICATED_SERVER = 'env-secret-0123456789abcdef0123456789'
})

const SECRET = 'test-secret-0123456789abcdef0123456789abcdef'
const MINUTE = 60_000

let admin: TestUser
let customer: TestUser
let serverProduct: { id: number; family: ProductFamily; slug: string; name: string }

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Provisioning Admin' })
  customer = await createTestUser({ name: 'Webhook Customer' })
  serverProduct = await insertProduct('dedicated_server')
})

// Whatever a test left pending must not reach the next test's receiver.
afterEach(async () => {
  await db
    .update(serviceEvents)
    .set({ deliveryState: 'failed' })
    .where(eq(serviceEvents.deliveryState, 'pending'))
})

async function receiver(respond?: Respond) {
  const started = await startWebhookReceiver(SECRET, respond)
  onTestFinished(started.close)
  const options: DeliveryOptions = {
    endpointFor: (family) =>
      family === 'dedicated_server' ? { url: started.url, secret: SECRET } : null,
  }
  return { ...started, options }
}

async function serverService() {
  return insertService({ userId: customer.id, product: serverProduct })
}

/** The customer's one DNS plan (a family without a webhook here). */
let dnsServiceId: number | undefined
async function dnsService() {
  dnsServiceId ??= (
    await insertService({ userId: customer.id, product: await insertProduct('dns') })
  ).id
  return dnsServiceId
}

async function eventRow(eventId: string) {
  const [row] = await db.select().from(serviceEvents).where(eq(serviceEvents.eventId, eventId))
  return row!
}

async function attemptsOf(eventId: string) {
  const event = await eventRow(eventId)
  return db
    .select()
    .from(serviceEventDeliveries)
    .where(eq(serviceEventDeliveries.serviceEventId, event.id))
    .orderBy(asc(serviceEventDeliveries.id))
}

describe('webhook delivery', () => {
  it('delivers an event once, signed and shaped as documented', async () => {
    const hook = await receiver()
    const service = await serverService()
    const eventId = await recordEvent(service.id, 'activated', { reason: 'order' })

    expect(await deliverDueEvents(db, hook.options)).toEqual({
      delivered: 1,
      retrying: 0,
      failed: 0,
    })
    expect(await deliverDueEvents(db, hook.options)).toEqual({
      delivered: 0,
      retrying: 0,
      failed: 0,
    })

    expect(hook.received).toHaveLength(1)
    const [got] = hook.received
    expect(got!.verified).toBe(true)
    // The same check refuses another secret and a changed body.
    expect(verify('another-secret-0123456789abcdef0123', got!.headers, got!.raw)).toBe(false)
    expect(verify(SECRET, got!.headers, got!.raw.replace('activated', 'terminated'))).toBe(false)
    expect(got!.headers['x-skypanel-event-id']).toBe(eventId)
    expect(got!.headers['content-type']).toBe('application/json')
    expect(got!.body).toEqual({
      eventId,
      type: 'activated',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: {
        id: service.id,
        family: 'dedicated_server',
        status: 'active',
        productId: serverProduct.id,
        productSlug: serverProduct.slug,
        productName: serverProduct.name,
        cycle: 'monthly',
        currentPeriodStart: '2026-11-01T00:00:00.000Z',
        currentPeriodEnd: '2026-12-01T00:00:00.000Z',
        limits: {
          cpu: 'Xeon E-2388G, 8 cores',
          cores: 8,
          ramGb: 64,
          disks: [{ sizeGb: 960, kind: 'nvme' }],
          bandwidthTb: 20,
          location: 'Frankfurt',
        },
        hostname: null,
        ipAddress: null,
      },
      user: { id: customer.id, email: customer.email, name: 'Webhook Customer' },
      details: { reason: 'order' },
    })

    const row = await eventRow(eventId)
    expect(row).toMatchObject({ deliveryState: 'delivered', attempts: 1, lastError: null })
    expect(row.deliveredAt).toBeInstanceOf(Date)
    expect(await attemptsOf(eventId)).toMatchObject([
      { attempt: 1, url: hook.url, responseStatus: 200, responseBody: 'ok', error: null },
    ])
  })

  it('a 500 is logged and retried a minute later; the 200 then delivers it', async () => {
    const hook = await receiver((_, index) => ({ status: index === 0 ? 500 : 200 }))
    const eventId = await recordEvent((await serverService()).id, 'activated')
    const now = new Date()

    expect(await deliverDueEvents(db, { ...hook.options, now })).toMatchObject({ retrying: 1 })
    const waiting = await eventRow(eventId)
    expect(waiting).toMatchObject({ deliveryState: 'pending', attempts: 1, lastError: 'HTTP 500' })
    expect(waiting.nextAttemptAt.getTime()).toBe(now.getTime() + MINUTE)
    // Not due before its time.
    expect(await deliverDueEvents(db, { ...hook.options, now })).toMatchObject({ delivered: 0 })

    const later = new Date(now.getTime() + MINUTE)
    expect(await deliverDueEvents(db, { ...hook.options, now: later })).toMatchObject({
      delivered: 1,
    })
    expect(hook.received.map((r) => [r.eventId, r.status, r.verified])).toEqual([
      [eventId, 500, true],
      [eventId, 200, true],
    ])
    expect(await attemptsOf(eventId)).toMatchObject([
      { attempt: 1, responseStatus: 500, error: 'HTTP 500' },
      { attempt: 2, responseStatus: 200, error: null },
    ])
    expect(await eventRow(eventId)).toMatchObject({ deliveryState: 'delivered', attempts: 2 })
  })

  it('a receiver that does not answer in time is an attempt without a status', async () => {
    const hook = await receiver(() => ({ status: 200, delayMs: 3000 }))
    const eventId = await recordEvent((await serverService()).id, 'suspended')

    expect(await deliverDueEvents(db, { ...hook.options, timeoutMs: 400 })).toMatchObject({
      retrying: 1,
    })
    const [attempt] = await attemptsOf(eventId)
    expect(attempt).toMatchObject({ responseStatus: null, error: 'no answer within 0.4 s' })
    expect(attempt!.durationMs).toBeGreaterThanOrEqual(390)
    expect(await eventRow(eventId)).toMatchObject({ deliveryState: 'pending', attempts: 1 })
  })

  it('a refused connection to the configured URL is logged and retried', async () => {
    const eventId = await recordEvent((await serverService()).id, 'activated')
    expect(await deliverDueEvents(db)).toMatchObject({ retrying: 1 })
    expect(await attemptsOf(eventId)).toMatchObject([
      { url: ENV_URL, responseStatus: null, error: expect.stringContaining('ECONNREFUSED') },
    ])
  })

  it('a redirect is not followed', async () => {
    const hook = await receiver(() => ({ status: 302 }))
    const eventId = await recordEvent((await serverService()).id, 'activated')
    expect(await deliverDueEvents(db, hook.options)).toMatchObject({ retrying: 1 })
    expect(hook.received).toHaveLength(1)
    expect(await attemptsOf(eventId)).toMatchObject([
      { responseStatus: 302, error: expect.stringMatching(/^redirect .* not followed$/) },
    ])
  })

  it('backs off doubling to an hour, tries last at three days, then gives up', async () => {
    const hook = await receiver(() => ({ status: 503 }))
    const eventId = await recordEvent((await serverService()).id, 'activated')
    const created = (await eventRow(eventId)).createdAt.getTime()

    const delays: number[] = []
    let now = created
    for (let attempt = 1; attempt <= 8; attempt++) {
      await deliverDueEvents(db, { ...hook.options, now: new Date(now) })
      const next = (await eventRow(eventId)).nextAttemptAt.getTime()
      delays.push((next - now) / MINUTE)
      now = next
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 60, 60])

    // Just before the end of the window: the next try is the window's end, not an hour later.
    const end = created + RETRY_WINDOW_MS
    await deliverDueEvents(db, { ...hook.options, now: new Date(end - 30_000) })
    expect((await eventRow(eventId)).nextAttemptAt.getTime()).toBe(end)

    expect(await deliverDueEvents(db, { ...hook.options, now: new Date(end) })).toMatchObject({
      failed: 1,
    })
    const given = await eventRow(eventId)
    expect(given).toMatchObject({ deliveryState: 'failed', attempts: 10, lastError: 'HTTP 503' })
    expect(await deliverDueEvents(db, { ...hook.options, now: new Date(end + 3_600_000) })).toEqual(
      { delivered: 0, retrying: 0, failed: 0 },
    )
    expect(hook.received).toHaveLength(10)
    expect(await attemptsOf(eventId)).toHaveLength(10)
  })

  it('two workers at once deliver each event exactly once', async () => {
    const hook = await receiver(() => ({ status: 200, delayMs: 500 }))
    const eventIds: string[] = []
    for (let i = 0; i < 8; i++)
      eventIds.push(await recordEvent((await serverService()).id, 'activated'))

    const [first, second] = await Promise.all([
      deliverDueEvents(db, hook.options),
      deliverDueEvents(db, hook.options),
    ])
    expect(first.delivered + second.delivered).toBe(8)
    expect(first.delivered).toBeGreaterThan(0)
    expect(second.delivered).toBeGreaterThan(0)
    expect(hook.received.map((r) => r.eventId).sort()).toEqual([...eventIds].sort())
    const rows = await db
      .select({ state: serviceEvents.deliveryState, attempts: serviceEvents.attempts })
      .from(serviceEvents)
      .where(inArray(serviceEvents.eventId, eventIds))
    expect(rows.every((row) => row.state === 'delivered' && row.attempts === 1)).toBe(true)
  })

  it('a sweep stopped mid-way (shutdown) finishes the POSTs in flight and claims no more', async () => {
    const stopping = new AbortController()
    const hook = await receiver(() => {
      stopping.abort()
      return { status: 200, delayMs: 300 }
    })
    const eventIds: string[] = []
    for (let i = 0; i < 8; i++)
      eventIds.push(await recordEvent((await serverService()).id, 'activated'))

    const counts = await deliverDueEvents(db, { ...hook.options, signal: stopping.signal })
    // The lanes that had claimed an event when the first POST arrived finish it; none starts another.
    expect(counts.delivered).toBeGreaterThan(0)
    expect(counts.delivered).toBeLessThanOrEqual(4)
    expect(hook.received).toHaveLength(counts.delivered)
    const states = await Promise.all(eventIds.map(async (id) => (await eventRow(id)).deliveryState))
    expect(states.filter((state) => state === 'pending')).toHaveLength(8 - counts.delivered)
  })

  it("delivers a service's events in order: a later one waits while an earlier one is pending", async () => {
    const first = await recordEvent((await serverService()).id, 'activated')
    const service = await serverService()
    const e1 = await recordEvent(service.id, 'activated')
    const e2 = await recordEvent(service.id, 'suspended')
    const e3 = await recordEvent(service.id, 'unsuspended')
    // e1's first attempt fails; everything else succeeds.
    const hook = await receiver((got, index) => ({
      status: got.eventId === e1 && index < 2 ? 500 : 200,
    }))
    const now = new Date()

    await deliverDueEvents(db, { ...hook.options, now })
    expect(new Set(hook.received.map((r) => r.eventId))).toEqual(new Set([first, e1]))
    expect(await eventRow(e2)).toMatchObject({ deliveryState: 'pending', attempts: 0 })

    await deliverDueEvents(db, { ...hook.options, now: new Date(now.getTime() + MINUTE) })
    expect(hook.received.filter((r) => r.eventId !== first).map((r) => r.eventId)).toEqual([
      e1,
      e1,
      e2,
      e3,
    ])
  })

  it('events of a family without a webhook are kept, never sent', async () => {
    const hook = await receiver()
    const eventId = await recordEvent(await dnsService(), 'activated')
    await deliverDueEvents(db, hook.options)
    expect(hook.received).toHaveLength(0)
    expect(await eventRow(eventId)).toMatchObject({ deliveryState: 'not_needed', attempts: 0 })
  })
})

describe('redelivery by an admin', () => {
  it('sends a delivered event again under the same id, logged under the admin and audited', async () => {
    const hook = await receiver()
    const service = await serverService()
    const eventId = await recordEvent(service.id, 'terminated')
    await deliverDueEvents(db, hook.options)

    const result = await redeliverEvent(
      db,
      { eventId, adminUserId: admin.id, reason: 'Receiver lost its database' },
      hook.options,
    )
    expect(result).toEqual({ eventId, attempted: 'delivered' })
    expect(hook.received.map((r) => [r.eventId, r.verified])).toEqual([
      [eventId, true],
      [eventId, true],
    ])
    expect(hook.received[1]!.raw).toBe(hook.received[0]!.raw)
    expect(await attemptsOf(eventId)).toMatchObject([
      { attempt: 1, requestedBy: null },
      { attempt: 2, requestedBy: admin.id, responseStatus: 200 },
    ])
    const audit = await db
      .select()
      .from(adminAuditLog)
      .where(eq(adminAuditLog.action, 'service_event.redeliver'))
    expect(audit).toMatchObject([
      {
        adminUserId: admin.id,
        targetUserId: customer.id,
        subject: `service:${service.id}`,
        reason: 'Receiver lost its database',
        details: { eventId, previousState: 'delivered' },
      },
    ])
  })

  it('over tRPC: admins only; unknown, undeliverable and malformed ids are 4xx', async () => {
    const eventId = await recordEvent((await serverService()).id, 'activated')
    await db
      .update(serviceEvents)
      .set({ deliveryState: 'failed' })
      .where(eq(serviceEvents.eventId, eventId))
    const input = { eventId, reason: 'Receiver is back up' }

    expect(
      (await trpcMutation('admin.provisioning.redeliver', input, { cookie: customer.cookie }))
        .status,
    ).toBe(403)
    const response = await trpcMutation('admin.provisioning.redeliver', input, {
      cookie: admin.cookie,
    })
    // The configured URL refuses: the attempt is logged under the admin and retried later.
    expect(await trpcData(response)).toEqual({ eventId, attempted: 'retrying' })
    expect(await eventRow(eventId)).toMatchObject({ deliveryState: 'pending', attempts: 1 })
    expect(await attemptsOf(eventId)).toMatchObject([{ requestedBy: admin.id, url: ENV_URL }])

    const kept = await recordEvent(await dnsService(), 'cancelled')
    const call = (id: string) =>
      trpcMutation(
        'admin.provisioning.redeliver',
        { eventId: id, reason: 'try' + ' again please' },
        { cookie: admin.cookie },
      )
    expect((await call(kept)).status).toBe(409)
    expect((await call('3f1c2a4e-9b7d-4c1e-8f00-000000000000')).status).toBe(404)
    expect((await call("1' or '1'='1")).status).toBe(400)
    expect(await eventRow(kept)).toMatchObject({ deliveryState: 'not_needed', attempts: 0 })
  })

  it('lists events and their attempts with filters', async () => {
    const hook = await receiver((_, index) => ({ status: index === 0 ? 500 : 200 }))
    const service = await serverService()
    const eventId = await recordEvent(service.id, 'activated')
    await deliverDueEvents(db, hook.options)

    const events = await trpcData<{ items: { eventId: string; deliveryState: string }[] }>(
      await trpcQuery(
        'admin.provisioning.events',
        { serviceId: service.id, state: 'pending' },
        admin.cookie,
      ),
    )
    expect(events.items.map((e) => [e.eventId, e.deliveryState])).toEqual([[eventId, 'pending']])
    const none = await trpcData<{ items: unknown[] }>(
      await trpcQuery(
        'admin.provisioning.events',
        { serviceId: service.id, state: 'delivered' },
        admin.cookie,
      ),
    )
    expect(none.items).toEqual([])

    const deliveries = await trpcData<{
      items: { responseStatus: number; event: { eventId: string; type: string } }[]
    }>(await trpcQuery('admin.provisioning.deliveries', { eventId }, admin.cookie))
    expect(deliveries.items).toMatchObject([
      { responseStatus: 500, event: { eventId, type: 'activated' } },
    ])
    expect(
      (await trpcQuery('admin.provisioning.events', { family: 'mail' }, admin.cookie)).status,
    ).toBe(400)
  })
})
