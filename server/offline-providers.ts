import { setupServer } from 'msw/node'
import { paypalFake, paypalHandlers } from '#tests/mocks/paypal.ts'
import { virtfusionFake, virtfusionHandlersFor } from '#tests/mocks/virtfusion.ts'
import { OFFLINE_VIRTFUSION_API_URL } from './env.ts'
import { registerOfflineControls } from './offline-control.ts'

/**
 * Offline mode: the msw fakes the tests use answer the app's own PayPal and VirtFusion
 * calls, in this process. Only the providers without credentials are simulated; every
 * other request passes through untouched.
 */
export function startOfflineProviders(simulate: { paypal: boolean; virtfusion: boolean }): void {
  const handlers = [
    ...(simulate.paypal ? paypalHandlers : []),
    ...(simulate.virtfusion ? virtfusionHandlersFor(OFFLINE_VIRTFUSION_API_URL) : []),
  ]
  if (handlers.length === 0) return
  setupServer(...handlers).listen({ onUnhandledRequest: 'bypass' })
  registerOfflineControls({
    ...(simulate.paypal
      ? {
          approvePayPalOrder: (orderId: string) => {
            paypalFake.approve(orderId)
            return { orderId, status: 'APPROVED' }
          },
        }
      : {}),
    ...(simulate.virtfusion
      ? {
          setVirtFusionOutage: (on: boolean) => {
            virtfusionFake.setOutage(on)
            return { outage: on }
          },
        }
      : {}),
  })
}
