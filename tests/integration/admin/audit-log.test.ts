import { eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { beforeAll, describe, expect, it } from 'vitest'
import * as profilePage from '#app/routes/admin.users.$userId._index.tsx'
import { db } from '#db/client.ts'
import { pgErrorOf } from '#db/errors.ts'
import { adminAuditLog, sessions, users } from '#db/schema/index.ts'
import { getAdminDnsOverview } from '#server/services/dns-plans/admin-subscriptions.ts'
import { setUserRole } from '#server/services/users/set-user-role.ts'
import { form, invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

type AuditList = {
  items: {
    id: number
    action: string
    subject: string | null
    reason: string
    details: Record<string, unknown>
    createdAt: string
    admin: { id: number; name: string }
    target: { id: number; name: string } | null
  }[]
  nextCursor: number | null
}

let admin: TestUser
let otherAdmin: TestUser
let user: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Audit Admin' })
  otherAdmin = await createTestUser({ role: 'admin', name: 'Other Admin' })
  user = await createTestUser({ name: 'Audited User' })
})

const auditRowsFor = (userId: number) =>
  db.select().from(adminAuditLog).where(eq(adminAuditLog.targetUserId, userId))

const roleOf = async (userId: number) =>
  (await db.select({ role: users.role }).from(users).where(eq(users.id, userId)))[0]!.role

async function listAudit(input: Record<string, unknown>, cookie = admin.cookie) {
  return trpcData<AuditList>(await trpcQuery('admin.auditLog.list', input, cookie))
}

describe('role and status changes need a reason and are audited', () => {
  it('setRole and setActive without a usable reason are 400 naming the field and change nothing', async () => {
    const target = await createTestUser()
    for (const [path, input] of [
      ['admin.users.setRole', { userId: target.id, role: 'admin' }],
      ['admin.users.setRole', { userId: target.id, role: 'admin', reason: '  ' }],
      ['admin.users.setActive', { userId: target.id, isActive: false, reason: 'no' }],
    ] as const) {
      const response = await trpcMutation(path, input, { cookie: admin.cookie })
      expect(response.status).toBe(400)
      const body = (await response.json()) as {
        error: { json: { data: { fields: Record<string, string[]> } } }
      }
      expect(Object.keys(body.error.json.data.fields)).toEqual(['reason'])
    }
    expect(await roleOf(target.id)).toBe('user')
    expect(await db.$count(sessions, eq(sessions.userId, target.id))).toBe(1)
    expect(await auditRowsFor(target.id)).toEqual([])
  })

  it('records who, when, what and why for a role change and a deactivation; admins read it back with filters', async () => {
    const target = await createTestUser({ name: 'Promoted Person' })
    const before = Date.now()
    const promoted = await trpcMutation(
      'admin.users.setRole',
      { userId: target.id, role: 'admin', reason: '  Runs the support desk now  ' },
      { cookie: admin.cookie },
    )
    expect(promoted.status).toBe(200)
    const deactivated = await trpcMutation(
      'admin.users.setActive',
      { userId: target.id, isActive: false, reason: 'Left the company' },
      { cookie: otherAdmin.cookie },
    )
    expect(deactivated.status).toBe(200)
    expect(await db.$count(sessions, eq(sessions.userId, target.id))).toBe(0)

    const { items } = await listAudit({ targetUserId: target.id })
    expect(items).toEqual([
      expect.objectContaining({
        action: 'user.set_active',
        subject: `user:${target.id}`,
        reason: 'Left the company',
        details: { from: true, to: false },
        admin: expect.objectContaining({ id: otherAdmin.id, name: 'Other Admin' }),
        target: expect.objectContaining({ id: target.id, name: 'Promoted Person' }),
      }),
      expect.objectContaining({
        action: 'user.set_role',
        reason: 'Runs the support desk now',
        details: { from: 'user', to: 'admin' },
        admin: expect.objectContaining({ id: admin.id }),
      }),
    ])
    for (const item of items) {
      expect(new Date(item.createdAt).getTime()).toBeGreaterThanOrEqual(before - 5000)
    }

    const roleChanges = await listAudit({ targetUserId: target.id, action: 'user.set_role' })
    expect(roleChanges.items.map((i) => i.action)).toEqual(['user.set_role'])
    const byOther = await listAudit({ adminUserId: otherAdmin.id })
    expect(byOther.items.every((i) => i.admin.id === otherAdmin.id)).toBe(true)
    expect(byOther.items.map((i) => i.target?.id)).toContain(target.id)

    const firstPage = await listAudit({ targetUserId: target.id, limit: 1 })
    expect(firstPage.items).toHaveLength(1)
    const secondPage = await listAudit({
      targetUserId: target.id,
      limit: 1,
      cursor: firstPage.nextCursor,
    })
    expect(secondPage.items.map((i) => i.action)).toEqual(['user.set_role'])
  })

  it('a request that changes nothing records nothing', async () => {
    const target = await createTestUser()
    const response = await trpcMutation(
      'admin.users.setRole',
      { userId: target.id, role: 'user', reason: 'already a user' },
      { cookie: admin.cookie },
    )
    expect(response.status).toBe(200)
    expect(await auditRowsFor(target.id)).toEqual([])
  })

  it('the change and its audit entry commit together: when the entry cannot be written, the role stays', async () => {
    const target = await createTestUser()
    // An actor id with no user: the audit insert fails its foreign key after the role update.
    const error = await setUserRole(db, {
      actorId: 2147483000,
      userId: target.id,
      role: 'admin',
      reason: 'ghost admin',
    }).catch((e: unknown) => e)
    expect(pgErrorOf(error)).toMatchObject({ code: '23503' })
    expect(await roleOf(target.id)).toBe('user')
  })

  it('only admins read the audit log; bad filters are 400', async () => {
    expect((await trpcQuery('admin.auditLog.list', {})).status).toBe(401)
    expect((await trpcQuery('admin.auditLog.list', {}, user.cookie)).status).toBe(403)
    expect(
      (await trpcQuery('admin.auditLog.list', { action: 'drop.tables' }, admin.cookie)).status,
    ).toBe(400)
    expect(
      (await trpcQuery('admin.auditLog.list', { targetUserId: 'abc' }, admin.cookie)).status,
    ).toBe(400)
  })

  it('the audit log is append-only', async () => {
    const target = await createTestUser()
    await setUserRole(db, { actorId: admin.id, userId: target.id, role: 'admin', reason: 'x-ray' })
    const update = await db
      .execute(
        sql`update admin_audit_log set reason = 'rewritten' where target_user_id = ${target.id}`,
      )
      .catch((e: unknown) => e)
    // The app's role may not (42501, ADR 017); the owner, who may, is stopped by the trigger.
    expect(pgErrorOf(update)).toMatchObject({ code: '42501' })
    const remove = await db
      .execute(sql`delete from admin_audit_log where target_user_id = ${target.id}`)
      .catch((e: unknown) => e)
    expect(pgErrorOf(remove)).toMatchObject({ code: '42501' })
    const owner = postgres(process.env.TEST_MIGRATION_DATABASE_URL!, { max: 1, onnotice: () => {} })
    try {
      for (const statement of [
        `update admin_audit_log set reason = 'rewritten' where target_user_id = ${target.id}`,
        `delete from admin_audit_log where target_user_id = ${target.id}`,
      ]) {
        expect(pgErrorOf(await owner.unsafe(statement).catch((e: unknown) => e))).toMatchObject({
          code: '23001',
        })
      }
    } finally {
      await owner.end()
    }
    expect((await auditRowsFor(target.id)).map((r) => r.reason)).toEqual(['x-ray'])
  })

  it('role entries stay out of the DNS tab, which lists only subscription actions', async () => {
    const target = await createTestUser()
    await setUserRole(db, {
      actorId: admin.id,
      userId: target.id,
      role: 'admin',
      reason: 'promote',
    })
    expect((await getAdminDnsOverview(db, target.id)).audit).toEqual([])
  })
})

describe('the admin user page', () => {
  const path = (userId: number) => `/admin/users/${userId}`

  it('refuses a role change without a reason (field error, nothing changed), then records one with it and lists it', async () => {
    const target = await createTestUser()
    const params = { userId: String(target.id) }
    const refused = await invoke(profilePage.action, path(target.id), {
      ...form({ intent: 'set-role', role: 'admin' }),
      cookie: admin.cookie,
      params,
    })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      ok: false,
      intent: 'set-role',
      fields: { reason: [expect.any(String)] },
    })
    expect(await roleOf(target.id)).toBe('user')

    const done = await invoke(profilePage.action, path(target.id), {
      ...form({ intent: 'set-active', isActive: 'false', reason: 'Chargeback fraud' }),
      cookie: admin.cookie,
      params,
    })
    expect(done.status).toBe(200)
    const page = (await (
      await invoke(profilePage.loader, path(target.id), { cookie: admin.cookie, params })
    ).json()) as { audit: AuditList['items'] }
    expect(page.audit).toEqual([
      expect.objectContaining({
        action: 'user.set_active',
        reason: 'Chargeback fraud',
        admin: expect.objectContaining({ id: admin.id }),
      }),
    ])
    expect(
      (await invoke(profilePage.loader, path(target.id), { cookie: user.cookie, params })).status,
    ).toBe(403)
  })
})
