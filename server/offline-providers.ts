import { setupServer } from 'msw/node'
import { createDatabase } from '#db/connection.ts'
import { approveStoredOrder, createPayPalHandlers } from '#tests/mocks/paypal.ts'
import { createVirtFusionHandlers, setStoredOutage } from '#tests/mocks/virtfusion.ts'
import { OFFLINE_VIRTFUSION_API_URL } from './env.ts'
import { registerOfflineControls, type OfflineControls } from './offline-control.ts'
import { createDatabaseStore } from './offline-store.ts'
import type { FakeRecordStore } from '#tests/mocks/fake-store.ts'

/**
 * Offline mode: the msw fakes the tests use answer the app's own PayPal and VirtFusion
 * calls in this process, keeping their records in the app's database (offline_provider_state)
 * so that every process on it sees one simulated PayPal and one VirtFusion: an order created
 * through one process can be approved through another and captured through a third. Only the
 * providers without credentials are simulated; every other request passes through untouched.
 * `databaseUrl` defaults to DATABASE_URL, which the entry points set once resolved. Returns
 * what stops them (the fakes' own small pool).
 */
export function startOfflineProviders(
  simulate: { paypal: boolean; virtfusion: boolean },
  databaseUrl = process.env.DATABASE_URL,
): { stop: () => Promise<void> } {
  if (!simulate.paypal && !simulate.virtfusion) return { stop: async () => {} }
  if (!databaseUrl)
    throw new Error('Offline mode keeps its records in the database: no DATABASE_URL.')
  const database = createDatabase(databaseUrl, { max: 4 })
  const store = createDatabaseStore(database.db)
  const server = setupServer(
    ...(simulate.paypal ? createPayPalHandlers(() => store) : []),
    ...(simulate.virtfusion
      ? createVirtFusionHandlers(OFFLINE_VIRTFUSION_API_URL, () => store)
      : []),
  )
  server.listen({ onUnhandledRequest: 'bypass' })
  registerOfflineControls(offlineControlsFor(store, simulate))
  return {
    stop: async () => {
      server.close()
      await database.sql.end({ timeout: 5 })
    },
  }
}

/** The /api/dev controls of the simulated providers whose records are in `store`. */
export function offlineControlsFor(
  store: FakeRecordStore,
  simulate: { paypal: boolean; virtfusion: boolean },
): OfflineControls {
  return {
    ...(simulate.paypal
      ? {
          approvePayPalOrder: async (orderId: string) => {
            const outcome = await approveStoredOrder(store, orderId)
            if (!outcome) return { orderId, refused: 'unknown' as const }
            return outcome.approved
              ? { orderId, status: outcome.status }
              : { orderId, status: outcome.status, refused: 'past' as const }
          },
        }
      : {}),
    ...(simulate.virtfusion
      ? {
          setVirtFusionOutage: async (on: boolean) => {
            await setStoredOutage(store, on)
            return { outage: on }
          },
        }
      : {}),
  }
}
