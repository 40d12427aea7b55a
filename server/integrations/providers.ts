import { env, OFFLINE_VIRTFUSION_API_URL, PAYPAL_API_BASE } from '#server/env.ts'
import { createPayPalClient } from './paypal/client.ts'
import { createVirtFusionClient } from './virtfusion/client.ts'

export type Providers = {
  paypal: ReturnType<typeof createPayPalClient>
  virtfusion: ReturnType<typeof createVirtFusionClient>
}

/** PayPal runs simulated (msw) when its credentials are missing; VirtFusion likewise. */
export const paypalOffline = !env.PAYPAL_CLIENT_ID || !env.PAYPAL_CLIENT_SECRET
export const virtfusionOffline = !env.VIRTFUSION_API_URL || !env.VIRTFUSION_API_TOKEN

const globalForProviders = globalThis as unknown as { __skypanelProviders?: Providers }

/**
 * The real HTTP clients. In offline mode they talk to the same URLs, which the msw fakes
 * answer; nothing in the services knows the difference.
 */
export function getProviders(): Providers {
  return (globalForProviders.__skypanelProviders ??= {
    paypal: createPayPalClient({
      baseUrl: PAYPAL_API_BASE,
      clientId: env.PAYPAL_CLIENT_ID ?? 'offline-client-id',
      clientSecret: env.PAYPAL_CLIENT_SECRET ?? 'offline-client-secret',
      webhookId: env.PAYPAL_WEBHOOK_ID ?? 'offline-webhook-id',
      timeoutMs: env.PAYPAL_TIMEOUT_MS,
    }),
    virtfusion: createVirtFusionClient({
      baseUrl: env.VIRTFUSION_API_URL ?? OFFLINE_VIRTFUSION_API_URL,
      token: env.VIRTFUSION_API_TOKEN ?? 'offline-token',
      timeoutMs: env.VIRTFUSION_TIMEOUT_MS,
    }),
  })
}
