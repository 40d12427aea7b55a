import { and, eq, inArray } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import { adminAuditLog, sessions, users } from '#db/schema/index.ts'
import { verifyPassword } from '#server/auth/password.ts'
import { createSession, readSessionId } from '#server/auth/session.ts'
import { sessionHandle } from '#server/services/account/session-handle.ts'
import { createApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { invoke } from '#tests/helpers/http.ts'
import { clearRateLimits } from '#tests/helpers/payments.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, TEST_PASSWORD, type TestUser } from '#tests/helpers/users.ts'

const NEW_PASSWORD = 'a-brand-new-secret-42'

type ErrorBody = {
  error: {
    json: { message: string; data: { appCode: string; fields: Record<string, string[]> | null } }
  }
}
const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error.json

async function otherSession(
  userId: number,
  userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
) {
  const { session } = await createSession(db, { userId, ip: '203.0.113.9', userAgent })
  return session.id
}

async function sessionIdsOf(userId: number) {
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(eq(sessions.userId, userId))
  return rows.map((r) => r.id).sort()
}

async function hashOf(userId: number) {
  const [row] = await db.select().from(users).where(eq(users.id, userId))
  return row!
}

async function auditOf(userId: number) {
  return db
    .select()
    .from(adminAuditLog)
    .where(and(eq(adminAuditLog.targetUserId, userId), eq(adminAuditLog.adminUserId, userId)))
}

/** The session id behind a test user's cookie. */
async function currentSessionId(user: TestUser) {
  return (await readSessionId(
    new Request('http://localhost/', { headers: { Cookie: user.cookie } }),
  ))!
}

let alice: TestUser
beforeEach(async () => {
  await clearRateLimits()
  alice = await createTestUser({ name: 'Alice' })
})

describe('account.password.change', () => {
  it('with the right current password: new hash, every OTHER session ended, this one kept, audited', async () => {
    const current = await currentSessionId(alice)
    await otherSession(alice.id)
    await otherSession(alice.id)
    const response = await trpcMutation(
      'account.password.change',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(200)
    expect(await trpcData(response)).toEqual({ otherSessionsEnded: 2 })
    expect(await sessionIdsOf(alice.id)).toEqual([current])
    const row = await hashOf(alice.id)
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true)
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(false)
    const audit = await auditOf(alice.id)
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['user.change_password', { otherSessionsEnded: 2 }],
    ])
    expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD)
    // Still signed in with the same cookie.
    expect((await trpcQuery('account.sessions.list', undefined, alice.cookie)).status).toBe(200)
  })

  it('a wrong current password: 403 on the field, nothing changes', async () => {
    const other = await otherSession(alice.id)
    const before = await hashOf(alice.id)
    const response = await trpcMutation(
      'account.password.change',
      { currentPassword: 'not-my-password', newPassword: NEW_PASSWORD },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(403)
    expect((await errorOf(response)).data.fields).toEqual({
      currentPassword: ['This is not your current password'],
    })
    expect((await hashOf(alice.id)).passwordHash).toBe(before.passwordHash)
    expect(await sessionIdsOf(alice.id)).toContain(other)
    expect(await auditOf(alice.id)).toEqual([])
  })

  it.each([
    [
      'a short new password',
      { currentPassword: TEST_PASSWORD, newPassword: 'short' },
      'newPassword',
    ],
    [
      '129 characters',
      { currentPassword: TEST_PASSWORD, newPassword: 'x'.repeat(129) },
      'newPassword',
    ],
    ['a common one', { currentPassword: TEST_PASSWORD, newPassword: 'password123' }, 'newPassword'],
    [
      'a repetitive one',
      { currentPassword: TEST_PASSWORD, newPassword: 'aaaaaaaaaaaa' },
      'newPassword',
    ],
    ['no new password', { currentPassword: TEST_PASSWORD }, 'newPassword'],
    [
      'an empty current password',
      { currentPassword: '', newPassword: NEW_PASSWORD },
      'currentPassword',
    ],
    [
      '5000 characters as current',
      { currentPassword: 'x'.repeat(5000), newPassword: NEW_PASSWORD },
      'currentPassword',
    ],
    ['a number as current', { currentPassword: 42, newPassword: NEW_PASSWORD }, 'currentPassword'],
  ])(
    'hostile input (%s): 400 naming %s with one message, nothing changes',
    async (_label, input, field) => {
      const before = await hashOf(alice.id)
      const other = await otherSession(alice.id)
      const response = await trpcMutation('account.password.change', input, {
        cookie: alice.cookie,
      })
      expect(response.status).toBe(400)
      const fields = (await errorOf(response)).data.fields!
      expect(Object.keys(fields)).toEqual([field])
      expect(fields[field]).toHaveLength(1)
      expect((await hashOf(alice.id)).passwordHash).toBe(before.passwordHash)
      expect(await sessionIdsOf(alice.id)).toContain(other)
    },
  )

  it('the password rules report one problem at a time (a short, repetitive one says only "too short")', async () => {
    const response = await trpcMutation(
      'account.password.change',
      { currentPassword: TEST_PASSWORD, newPassword: 'aaa' },
      { cookie: alice.cookie },
    )
    expect((await errorOf(response)).data.fields).toEqual({
      newPassword: ['Password must be at least 10 characters'],
    })
  })

  it('re-authentication is throttled like login: a burst of guesses gets at most 5 checks, then even the right password waits', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        trpcMutation(
          'account.password.change',
          { currentPassword: 'guess-guess-1', newPassword: NEW_PASSWORD },
          { cookie: alice.cookie },
        ),
      ),
    )
    const statuses = burst.map((r) => r.status)
    expect(statuses.filter((s) => s === 403)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(7)
    const right = await trpcMutation(
      'account.password.change',
      { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: alice.cookie },
    )
    expect(right.status).toBe(429)
    expect(await verifyPassword((await hashOf(alice.id)).passwordHash, TEST_PASSWORD)).toBe(true)
  })

  it('two concurrent changes with the same old password: exactly one wins, the other is refused', async () => {
    const results = await Promise.all(
      ['first-new-secret-1', 'second-new-secret-2'].map((newPassword) =>
        trpcMutation(
          'account.password.change',
          { currentPassword: TEST_PASSWORD, newPassword },
          { cookie: alice.cookie },
        ),
      ),
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses[0]).toBe(200)
    expect([403, 409]).toContain(statuses[1])
    const hash = (await hashOf(alice.id)).passwordHash
    const matches = await Promise.all(
      ['first-new-secret-1', 'second-new-secret-2'].map((p) => verifyPassword(hash, p)),
    )
    expect(matches.filter(Boolean)).toHaveLength(1)
    expect(
      (await auditOf(alice.id)).filter((a) => a.action === 'user.change_password'),
    ).toHaveLength(1)
  })

  it('an API token (even write scope) cannot change the password: 403', async () => {
    const { token } = await createApiToken(db, { user: alice, name: 'script', scope: 'write' })
    const viaToken = await fetchWithBearer('account.password.change', token, {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    })
    expect(viaToken.status).toBe(403)
    expect(await verifyPassword((await hashOf(alice.id)).passwordHash, TEST_PASSWORD)).toBe(true)
  })
})

describe('account.email.change', () => {
  it('normalises the new email like registration, keeps sessions, audits from/to', async () => {
    const other = await otherSession(alice.id)
    const response = await trpcMutation(
      'account.email.change',
      { currentPassword: TEST_PASSWORD, email: `  Alice.NEW-${alice.id}@Example.TEST ` },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(200)
    const expected = `alice.new-${alice.id}@example.test`
    expect(await trpcData(response)).toEqual({ email: expected, changed: true })
    expect((await hashOf(alice.id)).email).toBe(expected)
    expect(await sessionIdsOf(alice.id)).toContain(other)
    const audit = await auditOf(alice.id)
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['user.change_email', { from: alice.email, to: expected }],
    ])
  })

  it('the same email again changes and records nothing', async () => {
    const response = await trpcMutation(
      'account.email.change',
      { currentPassword: TEST_PASSWORD, email: alice.email.toUpperCase() },
      { cookie: alice.cookie },
    )
    expect(await trpcData(response)).toEqual({ email: alice.email, changed: false })
    expect(await auditOf(alice.id)).toEqual([])
  })

  it("another account's email (in any case): 409 on the field, nothing changes", async () => {
    const bob = await createTestUser({ name: 'Bob' })
    const response = await trpcMutation(
      'account.email.change',
      { currentPassword: TEST_PASSWORD, email: bob.email.toUpperCase() },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(409)
    expect((await errorOf(response)).data.fields).toEqual({
      email: ['An account with this email already exists'],
    })
    expect((await hashOf(alice.id)).email).toBe(alice.email)
    expect(await auditOf(alice.id)).toEqual([])
  })

  it('a wrong current password: 403, email unchanged', async () => {
    const response = await trpcMutation(
      'account.email.change',
      { currentPassword: 'wrong-password-1', email: `fresh-${alice.id}@example.test` },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(403)
    expect((await hashOf(alice.id)).email).toBe(alice.email)
  })

  it.each([
    ['not an email', { currentPassword: TEST_PASSWORD, email: 'not an email' }],
    ['too long', { currentPassword: TEST_PASSWORD, email: `${'a'.repeat(250)}@example.test` }],
    ['a NUL', { currentPassword: TEST_PASSWORD, email: 'nul\u0000@example.test' }],
    ['an array', { currentPassword: TEST_PASSWORD, email: ['a@example.test'] }],
    ['missing', { currentPassword: TEST_PASSWORD }],
  ])('hostile email (%s): 400 on the email field, nothing changes', async (_label, input) => {
    const response = await trpcMutation('account.email.change', input, { cookie: alice.cookie })
    expect(response.status).toBe(400)
    expect(Object.keys((await errorOf(response)).data.fields!)).toEqual(['email'])
    expect((await hashOf(alice.id)).email).toBe(alice.email)
  })

  it('two accounts racing for one free address: one gets it, the other a 409', async () => {
    const bob = await createTestUser({ name: 'Bob' })
    const wanted = `contested-${alice.id}@example.test`
    const results = await Promise.all(
      [alice, bob].map((user) =>
        trpcMutation(
          'account.email.change',
          { currentPassword: TEST_PASSWORD, email: wanted },
          { cookie: user.cookie },
        ),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const owners = await db
      .select()
      .from(users)
      .where(inArray(users.id, [alice.id, bob.id]))
    expect(owners.filter((u) => u.email === wanted)).toHaveLength(1)
  })
})

describe('account.sessions', () => {
  type Listed = { handle: string; device: string; ip: string | null; current: boolean }

  it('lists live sessions by handle (never the id), this device first and marked', async () => {
    const current = await currentSessionId(alice)
    const other = await otherSession(alice.id)
    const response = await trpcQuery('account.sessions.list', undefined, alice.cookie)
    const text = await response.clone().text()
    expect(text).not.toContain(current)
    expect(text).not.toContain(other)
    const listed = await trpcData<Listed[]>(response)
    expect(listed.map((s) => [s.handle, s.current, s.device, s.ip])).toEqual([
      [sessionHandle(current), true, 'vitest', '127.0.0.1'],
      [sessionHandle(other), false, 'Firefox on Linux', '203.0.113.9'],
    ])
  })

  it("revoking another user's session is refused as not found; theirs survives", async () => {
    const bob = await createTestUser({ name: 'Bob' })
    const bobs = await currentSessionId(bob)
    const response = await trpcMutation(
      'account.sessions.revoke',
      { session: sessionHandle(bobs) },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(404)
    expect(await sessionIdsOf(bob.id)).toEqual([bobs])
    // Bob's raw session id is not accepted either (it is not a handle).
    const raw = await trpcMutation(
      'account.sessions.revoke',
      { session: bobs },
      { cookie: alice.cookie },
    )
    expect(raw.status).toBe(400)
    expect(await sessionIdsOf(bob.id)).toEqual([bobs])
  })

  it('revokes one of my other sessions (audited); this one needs Log out instead', async () => {
    const current = await currentSessionId(alice)
    const other = await otherSession(alice.id)
    const keep = await otherSession(alice.id)
    const response = await trpcMutation(
      'account.sessions.revoke',
      { session: sessionHandle(other) },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(200)
    expect(await sessionIdsOf(alice.id)).toEqual([current, keep].sort())
    const again = await trpcMutation(
      'account.sessions.revoke',
      { session: sessionHandle(other) },
      { cookie: alice.cookie },
    )
    expect(again.status).toBe(404)
    const self = await trpcMutation(
      'account.sessions.revoke',
      { session: sessionHandle(current) },
      { cookie: alice.cookie },
    )
    expect(self.status).toBe(409)
    expect((await auditOf(alice.id)).map((a) => a.action)).toEqual(['user.revoke_sessions'])
  })

  it('revokeOthers ends every other session; a second call ends none and records nothing more', async () => {
    const current = await currentSessionId(alice)
    await otherSession(alice.id)
    await otherSession(alice.id)
    const bob = await createTestUser({ name: 'Bob' })
    const first = await trpcMutation('account.sessions.revokeOthers', undefined, {
      cookie: alice.cookie,
    })
    expect(await trpcData(first)).toEqual({ ended: 2 })
    expect(await sessionIdsOf(alice.id)).toEqual([current])
    expect(await sessionIdsOf(bob.id)).toHaveLength(1)
    const second = await trpcMutation('account.sessions.revokeOthers', undefined, {
      cookie: alice.cookie,
    })
    expect(await trpcData(second)).toEqual({ ended: 0 })
    expect(await auditOf(alice.id)).toHaveLength(1)
  })

  it('a revoked session is signed out at once', async () => {
    const { setCookie } = await createSession(db, { userId: alice.id, ip: null, userAgent: null })
    const otherCookie = setCookie.split(';')[0]!
    expect((await trpcQuery('account.sessions.list', undefined, otherCookie)).status).toBe(200)
    await trpcMutation('account.sessions.revokeOthers', undefined, { cookie: alice.cookie })
    expect((await trpcQuery('account.sessions.list', undefined, otherCookie)).status).toBe(401)
    expect((await trpcQuery('account.sessions.list', undefined, alice.cookie)).status).toBe(200)
  })
})

function fetchWithBearer(path: string, token: string, input: unknown) {
  return invoke(trpcRoute.action, `/api/trpc/${path}`, {
    method: 'POST',
    body: JSON.stringify({ json: input }),
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
  })
}
