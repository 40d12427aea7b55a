import { asc, like } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { adminAuditLog } from '#db/schema/index.ts'
import type { PlanView } from '#server/services/dns-plans/views.ts'
import { trpcError } from '#tests/helpers/dns.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/** DNS plan catalogue changes are admin actions: each writes one audit entry (ADR 011). */

let admin: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Catalogue Admin' })
})

const asAdmin = (path: string, input: unknown) =>
  trpcMutation(path, input, { cookie: admin.cookie })
const planEntries = () =>
  db
    .select()
    .from(adminAuditLog)
    .where(like(adminAuditLog.action, 'dns_plan.%'))
    .orderBy(asc(adminAuditLog.id))

describe('DNS plan administration is audited', () => {
  it('create, edit, retire, reorder and delete each write one entry with who, what and why', async () => {
    const plan = await trpcData<PlanView>(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'audited',
        name: 'Audited',
        price: '7.00',
        maxDomains: 3,
        maxRecords: 30,
        reason: 'new plan for the spring offer',
      }),
    )
    await trpcData(
      await asAdmin('admin.dnsPlans.update', {
        planId: plan.id,
        price: '8.50',
        name: 'Audited',
        reason: 'price rise agreed with sales',
      }),
    )
    // The same values again: nothing changes, nothing is recorded.
    await trpcData(await asAdmin('admin.dnsPlans.update', { planId: plan.id, price: '8.50' }))
    await trpcData(await asAdmin('admin.dnsPlans.update', { planId: plan.id, isActive: false }))
    await trpcData(await asAdmin('admin.dnsPlans.reorder', { planIds: [plan.id] }))
    await trpcData(
      await asAdmin('admin.dnsPlans.delete', { planId: plan.id, reason: 'offer withdrawn' }),
    )

    const entries = await planEntries()
    expect(entries.map((entry) => entry.action)).toEqual([
      'dns_plan.create',
      'dns_plan.update',
      'dns_plan.retire',
      'dns_plan.reorder',
      'dns_plan.delete',
    ])
    for (const entry of entries) {
      expect(entry.adminUserId).toBe(admin.id)
      expect(entry.targetUserId).toBeNull()
    }
    const [created, updated, retired, , deleted] = entries
    expect(created).toMatchObject({
      subject: `dns_plan:${plan.id}`,
      reason: 'new plan for the spring offer',
      details: { to: { slug: 'audited', priceCents: 700, maxDomains: 3, isActive: true } },
    })
    expect(updated).toMatchObject({
      reason: 'price rise agreed with sales',
      details: { from: { priceCents: 700 }, to: { priceCents: 850 } },
    })
    expect(updated!.details).not.toHaveProperty('from.name')
    expect(retired).toMatchObject({
      reason: 'No reason given',
      details: { from: { isActive: true }, to: { isActive: false } },
    })
    expect(deleted).toMatchObject({ reason: 'offer withdrawn', subject: `dns_plan:${plan.id}` })

    // Admins read them back through the audit log's action filter.
    const listed = await trpcData<{ items: { action: string }[] }>(
      await trpcQuery('admin.auditLog.list', { action: 'dns_plan.retire' }, admin.cookie),
    )
    expect(listed.items.map((item) => item.action)).toEqual(['dns_plan.retire'])
  })

  it('a refused change records nothing; a bad reason is a 400 naming the field', async () => {
    const before = (await planEntries()).length
    const duplicate = await trpcError(
      await asAdmin('admin.dnsPlans.create', {
        slug: 'basic',
        name: 'Basic again',
        price: '1.00',
        maxDomains: 1,
        maxRecords: 1,
      }),
    )
    expect(duplicate.status).toBe(409)
    const missing = await trpcError(
      await asAdmin('admin.dnsPlans.update', { planId: 2147483647, price: '1.00' }),
    )
    expect(missing.status).toBe(404)
    const badReason = await trpcError(
      await asAdmin('admin.dnsPlans.delete', { planId: 1, reason: 'x\u0000' }),
    )
    expect(badReason).toMatchObject({ status: 400, fields: { reason: expect.any(Array) } })
    expect((await planEntries()).length).toBe(before)
  })
})
