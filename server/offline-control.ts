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
  approvePayPalOrder?: (orderId: string) => { orderId: string; status: string }
  setVirtFusionOutage?: (on: boolean) => { outage: boolean }
}

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
  return approve(input.orderId)
}

export const ZOutageInput = z.object({ on: z.boolean({ error: '"on" must be true or false' }) })

/** Takes the simulated panel down for everyone: callers must be admins. */
export function setSimulatedVirtFusionOutage(on: boolean) {
  const set = registry.__skypanelOffline?.setVirtFusionOutage ?? notFound()
  return set(on)
}

export function offlineControlsActive(): { paypal: boolean; virtfusion: boolean } {
  return {
    paypal: Boolean(registry.__skypanelOffline?.approvePayPalOrder),
    virtfusion: Boolean(registry.__skypanelOffline?.setVirtFusionOutage),
  }
}
