import { randomUUID } from 'node:crypto'
import { db } from '#db/client.ts'
import { createSession } from '#server/auth/session.ts'
import { createUser } from '#server/services/users/create-user.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'

export const TEST_PASSWORD = 'test-password-123'

export type TestUser = PublicUser & { cookie: string }

/** A user with a live session; `cookie` is the Cookie header value to act as them. */
export async function createTestUser(
  options: { role?: 'user' | 'admin'; name?: string } = {},
): Promise<TestUser> {
  const user = await createUser(
    db,
    {
      name: options.name ?? 'Test User',
      email: `u-${randomUUID()}@example.test`,
      password: TEST_PASSWORD,
    },
    { role: options.role ?? 'user' },
  )
  const { setCookie } = await createSession(db, {
    userId: user.id,
    ip: '127.0.0.1',
    userAgent: 'vitest',
  })
  return { ...user, cookie: setCookie.split(';')[0]! }
}
