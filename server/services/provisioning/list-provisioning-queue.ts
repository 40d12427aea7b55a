import { and, asc, eq, inArray } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { PRODUCT_FAMILIES, products, services, users } from '#db/schema/index.ts'
import { provisionerFor } from './provisioners.ts'

export type ProvisioningQueueItem = {
  serviceId: number
  family: string
  cycle: string
  orderedAt: Date
  currentPeriodStart: Date
  currentPeriodEnd: Date
  product: { id: number; slug: string; name: string; limits: Record<string, unknown> }
  user: { id: number; email: string; name: string }
}

/**
 * "Dedicated server X ordered by Y — provision it": the pending services of the families an
 * admin provisions by hand, oldest order first.
 */
export async function listProvisioningQueue(
  db: DbOrTx,
  input: { limit: number },
): Promise<{ items: ProvisioningQueueItem[] }> {
  const manual = PRODUCT_FAMILIES.filter((family) => provisionerFor(family) === 'manual')
  if (manual.length === 0) return { items: [] }
  const rows = await db
    .select({
      serviceId: services.id,
      family: services.family,
      cycle: services.cycle,
      orderedAt: services.createdAt,
      currentPeriodStart: services.currentPeriodStart,
      currentPeriodEnd: services.currentPeriodEnd,
      product: {
        id: products.id,
        slug: products.slug,
        name: products.name,
        limits: products.limits,
      },
      user: { id: users.id, email: users.email, name: users.name },
    })
    .from(services)
    .innerJoin(products, eq(products.id, services.productId))
    .innerJoin(users, eq(users.id, services.userId))
    .where(and(eq(services.status, 'pending'), inArray(services.family, manual)))
    .orderBy(asc(services.createdAt), asc(services.id))
    .limit(input.limit)
  return { items: rows }
}
