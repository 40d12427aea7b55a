import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as adminUsersPage from '#app/routes/admin.users._index.tsx'
import { db } from '#db/client.ts'
import { sessions } from '#db/schema/index.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let user: TestUser
let target: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Ada Admin' })
  user = await createTestUser({ name: 'Uma User' })
  target = await createTestUser({ name: 'Zed Target' })
})

describe('authorization matrix of admin procedures', () => {
  const calls = [
    ['admin.users.list', () => ({ kind: 'query' as const, input: {} })],
    ['admin.users.get', () => ({ kind: 'query' as const, input: { userId: target.id } })],
    [
      'admin.users.setRole',
      () => ({
        kind: 'mutation' as const,
        input: { userId: target.id, role: 'user', reason: 'matrix check' },
      }),
    ],
    [
      'admin.users.setActive',
      () => ({
        kind: 'mutation' as const,
        input: { userId: target.id, isActive: true, reason: 'matrix check' },
      }),
    ],
  ] as const

  for (const [path, build] of calls) {
    it(`${path}: anonymous 401, user 403, admin 200`, async () => {
      const { kind, input } = build()
      const call = (cookie?: string) =>
        kind === 'query' ? trpcQuery(path, input, cookie) : trpcMutation(path, input, { cookie })
      expect((await call()).status).toBe(401)
      expect((await call(user.cookie)).status).toBe(403)
      expect((await call(admin.cookie)).status).toBe(200)
    })
  }

  it('the admin users page refuses a user with 403 and sends anonymous visitors to login', async () => {
    expect(
      (await invoke(adminUsersPage.loader, '/admin/users', { cookie: user.cookie })).status,
    ).toBe(403)
    expect((await invoke(adminUsersPage.loader, '/admin/users')).status).toBe(302)
    expect(
      (await invoke(adminUsersPage.loader, '/admin/users', { cookie: admin.cookie })).status,
    ).toBe(200)
  })
})

describe('admin.users procedures', () => {
  it('searches by email or name, case-insensitively, with cursor pagination', async () => {
    const byName = await trpcData<{ items: { id: number }[] }>(
      await trpcQuery('admin.users.list', { search: 'zed tar' }, admin.cookie),
    )
    expect(byName.items.map((u) => u.id)).toEqual([target.id])
    const byEmail = await trpcData<{ items: { id: number }[] }>(
      await trpcQuery(
        'admin.users.list',
        { search: target.email.slice(0, 12).toUpperCase() },
        admin.cookie,
      ),
    )
    expect(byEmail.items.map((u) => u.id)).toContain(target.id)

    const first = await trpcData<{ items: { id: number }[]; nextCursor: number | null }>(
      await trpcQuery('admin.users.list', { limit: 2 }, admin.cookie),
    )
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).not.toBeNull()
    const second = await trpcData<{ items: { id: number }[] }>(
      await trpcQuery('admin.users.list', { limit: 2, cursor: first.nextCursor }, admin.cookie),
    )
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id)
  })

  it('treats LIKE wildcards in the search as text', async () => {
    const result = await trpcData<{ items: unknown[] }>(
      await trpcQuery('admin.users.list', { search: '%' }, admin.cookie),
    )
    expect(result.items).toEqual([])
  })

  it('never returns password hashes', async () => {
    const response = await trpcQuery('admin.users.get', { userId: target.id }, admin.cookie)
    expect(await response.text()).not.toMatch(/argon2|passwordHash/)
  })

  it('an admin cannot demote or deactivate themselves', async () => {
    const demote = await trpcMutation(
      'admin.users.setRole',
      { userId: admin.id, role: 'user', reason: 'stepping down' },
      { cookie: admin.cookie },
    )
    expect(demote.status).toBe(409)
    const deactivate = await trpcMutation(
      'admin.users.setActive',
      { userId: admin.id, isActive: false, reason: 'leaving' },
      { cookie: admin.cookie },
    )
    expect(deactivate.status).toBe(409)
  })

  it('deactivating a user ends all their sessions', async () => {
    const victim = await createTestUser()
    const response = await trpcMutation(
      'admin.users.setActive',
      { userId: victim.id, isActive: false, reason: 'account compromised' },
      { cookie: admin.cookie },
    )
    expect(response.status).toBe(200)
    expect(await db.$count(sessions, eq(sessions.userId, victim.id))).toBe(0)
    expect((await trpcQuery('admin.users.list', {}, victim.cookie)).status).toBe(401)
  })

  it('refuses a cookie-authenticated mutation from another origin', async () => {
    const response = await trpcMutation(
      'admin.users.setRole',
      { userId: target.id, role: 'admin', reason: 'cross-origin attempt' },
      { cookie: admin.cookie, origin: 'https://evil.example' },
    )
    expect(response.status).toBe(403)
    const check = await trpcData<{ role: string }>(
      await trpcQuery('admin.users.get', { userId: target.id }, admin.cookie),
    )
    expect(check.role).toBe('user')
  })

  it('answers bad input with 400 naming the field and an unknown user with 404', async () => {
    const bad = await trpcQuery('admin.users.get', { userId: 'abc' }, admin.cookie)
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as {
      error: { json: { data: { fields: Record<string, unknown> } } }
    }
    expect(Object.keys(body.error.json.data.fields)).toContain('userId')
    expect((await trpcQuery('admin.users.get', { userId: 999999 }, admin.cookie)).status).toBe(404)
  })
})
