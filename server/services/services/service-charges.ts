import { and, desc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { products, serviceCharges, services } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { toServiceChargeView, type ServiceChargeView } from './views.ts'

/**
 * A service's charges, newest first. With `userId`, only that user's service: another
 * user's answers 404 like one that does not exist.
 */
export async function listServiceCharges(
  db: DbOrTx,
  serviceId: number,
  userId?: number,
): Promise<ServiceChargeView[]> {
  const [service] = await db
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.id, serviceId), userId ? eq(services.userId, userId) : undefined))
  if (!service) throw new AppError('NOT_FOUND', 'No such service.')
  const rows = await db
    .select({ charge: serviceCharges, productName: products.name })
    .from(serviceCharges)
    .innerJoin(products, eq(products.id, serviceCharges.productId))
    .where(eq(serviceCharges.serviceId, serviceId))
    .orderBy(desc(serviceCharges.id))
  return rows.map((row) => toServiceChargeView(row.charge, row.productName))
}
