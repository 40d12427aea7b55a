import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import { apiTokens } from '#db/schema/index.ts'
import { trpcData, trpcMutation } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

type ErrorBody = {
  error: { json: { message: string; data: { fields: Record<string, string[]> | null } } }
}

const EXPIRY = 'Enter a whole number of days from 1 to 3650, or leave it empty'

let alice: TestUser
beforeAll(async () => {
  alice = await createTestUser({ name: 'Alice' })
})

const tokenCount = async () =>
  (await db.select().from(apiTokens).where(eq(apiTokens.userId, alice.id))).length

describe('account.apiTokens.create: errors in our words, on their field', () => {
  it.each([
    ['text', 'soon'],
    ['zero', '0'],
    ['too many days', '3651'],
    ['a fraction', '1.5'],
    ['NaN (what Number("abc") sends)', Number.NaN],
    ['a negative number', -3],
  ])('an expiry of %s: 400 naming expiresInDays, no token', async (_label, expiresInDays) => {
    const before = await tokenCount()
    const response = await trpcMutation(
      'account.apiTokens.create',
      { name: 'cli', scope: 'read', expiresInDays },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(400)
    const { data, message } = ((await response.json()) as ErrorBody).error.json
    expect(data.fields).toEqual({ expiresInDays: [EXPIRY] })
    expect(message).toContain(EXPIRY)
    expect(message).not.toMatch(/Invalid input:|expected|received|NaN|pattern/)
    expect(await tokenCount()).toBe(before)
  })

  it('an empty expiry is no expiry; digits as typed are days', async () => {
    const never = await trpcData<{ view: { expiresAt: string | null } }>(
      await trpcMutation(
        'account.apiTokens.create',
        { name: 'forever', scope: 'read', expiresInDays: '  ' },
        { cookie: alice.cookie },
      ),
    )
    expect(never.view.expiresAt).toBeNull()
    const week = await trpcData<{ view: { expiresAt: string; createdAt: string } }>(
      await trpcMutation(
        'account.apiTokens.create',
        { name: 'week', scope: 'read', expiresInDays: '7' },
        { cookie: alice.cookie },
      ),
    )
    const days =
      (new Date(week.view.expiresAt).getTime() - new Date(week.view.createdAt).getTime()) /
      86_400_000
    expect(Math.round(days)).toBe(7)
  })

  it('an empty name and an unknown scope are named in plain words', async () => {
    const response = await trpcMutation(
      'account.apiTokens.create',
      { name: ' ', scope: 'root' },
      { cookie: alice.cookie },
    )
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorBody).error.json.data.fields).toEqual({
      name: ['Name is required'],
      scope: ['Choose a scope: read, write or admin'],
    })
  })
})
