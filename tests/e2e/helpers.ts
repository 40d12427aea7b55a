import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import type { Db } from '#db/connection.ts'
import { createDatabase } from '#db/connection.ts'
import { productPrices, products, type BillingCycle } from '#db/schema/index.ts'
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

/**
 * A dedicated-server product on sale (8 cores, 64 GB, Frankfurt) with its price per cycle,
 * written straight into the catalog as an operator's would be. The slug is unique unless given.
 */
export async function insertServerProduct(
  db: Db,
  product: {
    name: string
    slug?: string
    description?: string
    setupFeeCents: number
    prices: Partial<Record<BillingCycle, number>>
  },
) {
  const [row] = await db
    .insert(products)
    .values({
      family: 'dedicated_server',
      slug: product.slug ?? `e2e-server-${randomUUID().slice(0, 8)}`,
      name: product.name,
      description: product.description,
      limits: {
        cpu: 'Xeon E-2388G',
        cores: 8,
        ramGb: 64,
        disks: [{ sizeGb: 960, kind: 'nvme' }],
        bandwidthTb: 20,
        location: 'Frankfurt',
      },
      setupFeeCents: product.setupFeeCents,
    })
    .returning()
  await db.insert(productPrices).values(
    Object.entries(product.prices).map(([cycle, priceCents]) => ({
      productId: row!.id,
      cycle: cycle as BillingCycle,
      priceCents,
    })),
  )
  return row!
}
