import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { adminAuditLog, serviceEvents, services } from '#db/schema/index.ts'
import * as serviceRoute from '#app/routes/api.admin.provisioning.$serviceId.ts'
import * as queueRoute from '#app/routes/api.admin.provisioning.queue.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { insertProduct, insertService } from '#tests/helpers/service-rows.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let customer: TestUser
let server: Awaited<ReturnType<typeof insertProduct>>

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Provisioning Admin' })
  customer = await createTestUser({ name: 'Server Customer' })
  server = await insertProduct('dedicated_server', 'Test Server XL')
})

const valid = {
  hostname: 'srv1.example.test',
  ipAddress: '203.0.113.10',
  notes: 'Rack 4, port 12',
  reason: 'Server racked and cabled',
}

function provisionOverRest(serviceId: number | string, body: unknown, cookie = admin.cookie) {
  return invoke(serviceRoute.action, `/api/admin/provisioning/${serviceId}`, {
    ...jsonBody(body),
    cookie,
    params: { serviceId: String(serviceId) },
  })
}

async function pendingServer(createdAt?: Date) {
  return insertService({ userId: customer.id, product: server, status: 'pending', createdAt })
}

async function stateOf(serviceId: number) {
  const [service] = await db.select().from(services).where(eq(services.id, serviceId))
  const events = await db.select().from(serviceEvents).where(eq(serviceEvents.serviceId, serviceId))
  const audit = await db
    .select()
    .from(adminAuditLog)
    .where(
      and(
        eq(adminAuditLog.action, 'service.provision'),
        eq(adminAuditLog.subject, `service:${serviceId}`),
      ),
    )
  return { service: service!, events, audit }
}

describe('the manual provisioning queue', () => {
  it('lists pending services of manually provisioned families, oldest first, for admins only', async () => {
    const older = await pendingServer(new Date('2026-11-20T10:00:00Z'))
    const newer = await pendingServer(new Date('2026-11-21T10:00:00Z'))
    await insertService({ userId: customer.id, product: server, status: 'active' })
    // DNS is not provisioned by hand: its pending services are not in this queue.
    await insertService({
      userId: customer.id,
      product: await insertProduct('dns'),
      status: 'pending',
    })

    const response = await invoke(queueRoute.loader, '/api/admin/provisioning/queue', {
      cookie: admin.cookie,
    })
    expect(response.status).toBe(200)
    const { items } = (await response.json()) as {
      items: { serviceId: number; product: { name: string }; user: { email: string } }[]
    }
    const ours = items.filter((item) => [older.id, newer.id].includes(item.serviceId))
    expect(items.every((item) => item.product.name === 'Test Server XL')).toBe(true)
    expect(ours).toMatchObject([
      {
        serviceId: older.id,
        family: 'dedicated_server',
        product: { name: 'Test Server XL', limits: { cores: 8 } },
        user: { id: customer.id, email: customer.email, name: 'Server Customer' },
      },
      { serviceId: newer.id },
    ])

    const overTrpc = await trpcData<{ items: { serviceId: number }[] }>(
      await trpcQuery('admin.provisioning.queue', { limit: 1 }, admin.cookie),
    )
    expect(overTrpc.items).toHaveLength(1)

    expect(
      (
        await invoke(queueRoute.loader, '/api/admin/provisioning/queue', {
          cookie: customer.cookie,
        })
      ).status,
    ).toBe(403)
    expect((await invoke(queueRoute.loader, '/api/admin/provisioning/queue')).status).toBe(401)
  })
})

describe('provisioning a service by hand', () => {
  it('pending → active with the record, the activated event and the audit entry; a repeat is a 409', async () => {
    const pending = await pendingServer()
    const response = await provisionOverRest(pending.id, valid)
    expect(response.status).toBe(200)
    const body = (await response.json()) as { serviceId: number; eventId: string }
    expect(body.serviceId).toBe(pending.id)

    const after = await stateOf(pending.id)
    expect(after.service).toMatchObject({
      status: 'active',
      hostname: 'srv1.example.test',
      ipAddress: '203.0.113.10',
      provisioningNotes: 'Rack 4, port 12',
      provisionedBy: admin.id,
    })
    expect(after.service.provisionedAt).toBeInstanceOf(Date)
    // Dedicated servers are provisioned by hand here, so the event is history, not a delivery.
    expect(after.events).toMatchObject([
      {
        eventId: body.eventId,
        type: 'activated',
        deliveryState: 'not_needed',
        payload: {
          eventId: body.eventId,
          type: 'activated',
          service: {
            id: pending.id,
            status: 'active',
            hostname: 'srv1.example.test',
            ipAddress: '203.0.113.10',
          },
          user: { id: customer.id },
        },
      },
    ])
    expect(after.audit).toMatchObject([
      {
        adminUserId: admin.id,
        targetUserId: customer.id,
        reason: 'Server racked and cabled',
        details: { hostname: 'srv1.example.test', ipAddress: '203.0.113.10' },
      },
    ])

    const again = await provisionOverRest(pending.id, { ...valid, hostname: 'other.example.test' })
    expect(again.status).toBe(409)
    expect(JSON.stringify(await again.json())).toContain('already provisioned')
    expect(await stateOf(pending.id)).toEqual(after)
  })

  it('two admins at once: one provisions, the other gets a 409', async () => {
    const pending = await pendingServer()
    const input = { ...valid, serviceId: pending.id }
    const [a, b] = await Promise.all([
      trpcMutation('admin.provisioning.provision', input, { cookie: admin.cookie }),
      trpcMutation(
        'admin.provisioning.provision',
        { ...input, ipAddress: '2001:db8::10' },
        { cookie: admin.cookie },
      ),
    ])
    expect([a.status, b.status].sort()).toEqual([200, 409])
    const after = await stateOf(pending.id)
    expect(after.events).toHaveLength(1)
    expect(after.audit).toHaveLength(1)
  })

  it('an active, unknown or non-admin request changes nothing', async () => {
    const active = await insertService({ userId: customer.id, product: server, status: 'active' })
    expect((await provisionOverRest(active.id, valid)).status).toBe(409)
    expect((await provisionOverRest(2147483647, valid)).status).toBe(404)
    const pending = await pendingServer()
    expect((await provisionOverRest(pending.id, valid, customer.cookie)).status).toBe(403)
    expect((await stateOf(pending.id)).service.status).toBe('pending')
  })

  it('hostile hostnames, addresses and ids are a 400 and change nothing', async () => {
    const pending = await pendingServer()
    const before = await stateOf(pending.id)
    const hostile: [string | number, Record<string, unknown>][] = [
      [pending.id, { ...valid, hostname: '-leading-hyphen.example' }],
      [pending.id, { ...valid, hostname: 'under_score.example' }],
      [pending.id, { ...valid, hostname: '<script>alert(1)</script>' }],
      [pending.id, { ...valid, hostname: `${'a'.repeat(64)}.example` }],
      [pending.id, { ...valid, hostname: `${'abc.'.repeat(64)}example` }],
      [pending.id, { ...valid, hostname: 'srv1.example.test\u0000' }],
      [pending.id, { ...valid, hostname: '203.0.113.10' }],
      [pending.id, { ...valid, hostname: '' }],
      [pending.id, { ...valid, ipAddress: '999.1.1.1' }],
      [pending.id, { ...valid, ipAddress: '010.0.0.1' }],
      [pending.id, { ...valid, ipAddress: '203.0.113.10; rm -rf /' }],
      [pending.id, { ...valid, ipAddress: 'fe80::1%eth0' }],
      [pending.id, { ...valid, ipAddress: '1::2::3' }],
      [pending.id, { ...valid, ipAddress: 3405803786 }],
      [pending.id, { ...valid, notes: 'x'.repeat(2001) }],
      [pending.id, { ...valid, reason: '' }],
      [pending.id, { hostname: valid.hostname, ipAddress: valid.ipAddress }],
      ["1' or '1'='1", valid],
      ['-1', valid],
      ['99999999999', valid],
    ]
    for (const [serviceId, body] of hostile) {
      const response = await provisionOverRest(serviceId, body)
      expect(response.status, `${serviceId} ${JSON.stringify(body).slice(0, 120)}`).toBe(400)
    }
    expect(await stateOf(pending.id)).toEqual(before)
  })

  it('keeps host names in lower case and accepts IPv6', async () => {
    const pending = await pendingServer()
    const response = await provisionOverRest(pending.id, {
      hostname: 'SRV2.Example.Test',
      ipAddress: '2001:DB8::1',
      reason: 'Provisioned in the new rack',
    })
    expect(response.status).toBe(200)
    expect((await stateOf(pending.id)).service).toMatchObject({
      hostname: 'srv2.example.test',
      ipAddress: '2001:db8::1',
      provisioningNotes: null,
    })
  })
})
