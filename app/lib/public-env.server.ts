import { env } from '#server/env.ts'
import { paypalOffline } from '#server/integrations/providers.ts'
import type { PublicEnv } from './public-env.ts'

export function getPublicEnv(): PublicEnv {
  return {
    paypal: {
      clientId: env.PAYPAL_CLIENT_ID ?? null,
      environment: env.PAYPAL_ENVIRONMENT,
      // Offline without a client id: the simulated approval step instead of PayPal's buttons.
      simulated: paypalOffline && !env.PAYPAL_CLIENT_ID,
    },
    purchaseMinCents: env.CREDITS_PURCHASE_MIN,
    purchaseMaxCents: env.CREDITS_PURCHASE_MAX,
    adjustmentMinCents: env.ADMIN_ADJUSTMENT_MIN,
    adjustmentMaxCents: env.ADMIN_ADJUSTMENT_MAX,
  }
}
