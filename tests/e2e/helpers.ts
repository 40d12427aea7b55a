import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { createUser } from '#server/services/users/create-user.ts'

export const E2E_PASSWORD = 'e2e-password-123'

/** Seeds a user straight into the app's database (how an operator's user:create would). */
export async function seedUser(role: 'user' | 'admin', name: string) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    return await createUser(
      db,
      { name, email: `${role}-${randomUUID().slice(0, 8)}@e2e.test`, password: E2E_PASSWORD },
      { role },
    )
  } finally {
    await sql.end()
  }
}

/** Gives a user some credit history: an administrator's adjustment, as the admin page makes. */
export async function grantCredits(
  userId: number,
  admin: { id: number; name: string },
  amountCents: number,
) {
  const { db, sql } = createDatabase(inject('e2eDatabaseUrl'), { max: 1 })
  try {
    return await adjustCreditsByAdmin(db, {
      userId,
      amount: amountCents,
      reason: 'Seeded by an end-to-end test',
      direction: 'add',
      admin,
    })
  } finally {
    await sql.end()
  }
}
