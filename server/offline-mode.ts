import { paypalOffline, virtfusionOffline } from './integrations/providers.ts'
import { logger } from './lib/log.ts'

/**
 * Offline mode (a provider without credentials): the msw fakes from tests/mocks answer its
 * calls in this process (server/offline-providers.ts). They are imported only then, so a
 * deployment with real providers never loads them, and the server build keeps them in a
 * bundle of their own, build/offline-providers.js (scripts/build-server.mjs). Returns what
 * stops them.
 */
export async function startOfflineMode(): Promise<{ stop: () => Promise<void> }> {
  if (!paypalOffline && !virtfusionOffline) return { stop: async () => {} }
  const { startOfflineProviders } = await import('./offline-providers.ts')
  const started = startOfflineProviders({ paypal: paypalOffline, virtfusion: virtfusionOffline })
  const simulated = [paypalOffline && 'PayPal', virtfusionOffline && 'VirtFusion'].filter(Boolean)
  logger.info(
    `Offline mode: simulated ${simulated.join(' and ')} ` +
      '(set PAYPAL_CLIENT_ID/PAYPAL_CLIENT_SECRET and VIRTFUSION_API_URL/VIRTFUSION_API_TOKEN for the real ones).',
  )
  return started
}
