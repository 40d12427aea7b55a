import type { DbOrTx } from '#db/client.ts'
import { users } from '#db/schema/index.ts'
import { hashPassword } from '#server/auth/password.ts'

export const DEMO_ACCOUNTS = [
  { email: 'admin@demo.test', name: 'Demo Admin', role: 'admin' },
  { email: 'user@demo.test', name: 'Demo User', role: 'user' },
] as const

/** Development only: makes sure the demo accounts exist; never touches existing rows. */
export async function seedDemoUsers(db: DbOrTx, password: string): Promise<string[]> {
  const passwordHash = await hashPassword(password)
  const created: string[] = []
  for (const account of DEMO_ACCOUNTS) {
    const rows = await db
      .insert(users)
      .values({ ...account, passwordHash })
      .onConflictDoNothing()
      .returning({ email: users.email })
    created.push(...rows.map((r) => r.email))
  }
  return created
}
