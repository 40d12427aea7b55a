import { and, eq } from 'drizzle-orm'
import { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'

/**
 * The simulated providers (offline mode) are started by server/main.ts, outside the Remix
 * build; they register their controls here on globalThis. The dev-only routes use them and
 * answer 404 when they are absent, i.e. whenever real providers are configured.
 */
export type OfflineControls = {
  /** `refused`: the simulated PayPal has no such order, or it is past approval (captured). */
  approvePayPalOrder?: (
    orderId: string,
  ) => Awaitable<
    | { orderId: string; status: string; refused?: undefined }
    | { orderId: string; status?: string; refused: 'unknown' | 'past' }
  >
  setVirtFusionOutage?: (on: boolean) => Awaitable<{ outage: boolean }>
}

type Awaitable<T> = T | Promise<T>

const registry = globalThis as unknown as { __skypanelOffline?: OfflineControls }

export function registerOfflineControls(controls: OfflineControls): void {
  registry.__skypanelOffline = { ...registry.__skypanelOffline, ...controls }
}

function notFound(): never {
  throw new AppError('NOT_FOUND', 'Not found.')
}

/**
 * The simulated buyer is the signed-in user, so only the owner of the top-up behind the
 * order may approve it (demo deployments run this in production).
 */
export async function approveSimulatedOrder(
  db: DbOrTx,
  input: { userId: number; orderId: string },
) {
  const approve = registry.__skypanelOffline?.approvePayPalOrder ?? notFound()
  const [own] = await db
    .select({ id: topups.id })
    .from(topups)
    .where(and(eq(topups.paypalOrderId, input.orderId), eq(topups.userId, input.userId)))
  if (!own) notFound()
  const approval = await approve(input.orderId)
  if (approval.refused === 'unknown') notFound()
  if (approval.refused === 'past') {
    throw new AppError('CONFLICT', 'This order is past approval at PayPal.', {
      details: { status: approval.status },
    })
  }
  return { orderId: approval.orderId, status: approval.status }
}

export const ZOutageInput = z.object({ on: z.boolean({ error: '"on" must be true or false' }) })

/** Takes the simulated panel down for everyone: callers must be admins. */
export async function setSimulatedVirtFusionOutage(on: boolean) {
  const set = registry.__skypanelOffline?.setVirtFusionOutage ?? notFound()
  return set(on)
}
