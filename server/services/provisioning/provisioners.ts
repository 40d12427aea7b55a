import type { ProductFamily } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { FAMILIES, type Provisioner } from '#server/services/catalog/families.ts'

export type { Provisioner }

const ENV_KEYS = {
  dns: 'DNS',
  dedicated_server: 'DEDICATED_SERVER',
} as const satisfies Record<ProductFamily, string>

/** Who provisions a family's services: PROVISIONER_<FAMILY> when set, else the family's default. */
export function provisionerFor(family: ProductFamily): Provisioner {
  return env[`PROVISIONER_${ENV_KEYS[family]}`] ?? FAMILIES[family].defaultProvisioner
}

export type WebhookEndpoint = { url: string; secret: string }

/** The family's webhook from PROVISIONING_WEBHOOK_URL_<FAMILY> and _SECRET_<FAMILY>, if set. */
export function webhookEndpointFor(family: ProductFamily): WebhookEndpoint | null {
  const url = env[`PROVISIONING_WEBHOOK_URL_${ENV_KEYS[family]}`]
  const secret = env[`PROVISIONING_WEBHOOK_SECRET_${ENV_KEYS[family]}`]
  return url && secret ? { url, secret } : null
}
