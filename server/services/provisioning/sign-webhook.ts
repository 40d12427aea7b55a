import { createHmac } from 'node:crypto'

/**
 * The signature a receiver recomputes (docs/provisioning-webhooks.md): hex HMAC-SHA256 with the
 * family's secret over "<unix seconds>.<raw body>", sent as `v1=<hex>`.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}
