import type { IncomingHttpHeaders } from 'node:http'
import {
  startWebhookReceiver,
  verify,
  type ReceivedWebhook,
} from '#tests/helpers/webhook-receiver.ts'

export { verify }
export type { ReceivedWebhook }

/**
 * A provisioner's endpoint on loopback that behaves as docs/provisioning-webhooks.md tells
 * receivers to: a request whose signature (HMAC-SHA256 of "<timestamp>.<raw body>" with the
 * family's secret, 5-minute window) does not verify is refused with 401; the first verified
 * request is answered 500 (the provisioner is "down" once, to make SkyPANEL retry); after that
 * every verified request gets 204, a duplicate event id included.
 */
export async function startProvisioner(secret: string) {
  let failedOnce = false
  const receiver = await startWebhookReceiver(secret, (received) => {
    if (!received.verified) return { status: 401 }
    if (!failedOnce) {
      failedOnce = true
      return { status: 500 }
    }
    return { status: 204 }
  })
  return {
    ...receiver,
    /** The requests of one event id, in arrival order. */
    attemptsOf: (eventId: string) => receiver.received.filter((r) => r.eventId === eventId),
    /** The distinct events answered 2xx, in the order they were first accepted. */
    accepted: () => {
      const seen = new Set<string>()
      return receiver.received.filter((r) => {
        if (r.status >= 300 || seen.has(r.eventId)) return false
        seen.add(r.eventId)
        return true
      })
    },
  }
}

/** A request as the docs describe it, apart from the signature (checked by `verify`). */
export function documentedShape(headers: IncomingHttpHeaders, body: Record<string, unknown>) {
  return {
    contentType: headers['content-type'],
    userAgent: headers['user-agent'],
    idHeaderMatchesBody: headers['x-skypanel-event-id'] === body.eventId,
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
      String(body.eventId),
    ),
    signatureFormat: /^v1=[0-9a-f]{64}$/.test(String(headers['x-skypanel-signature'])),
    timestampIsUnixSeconds: /^\d{10}$/.test(String(headers['x-skypanel-timestamp'])),
  }
}

export const DOCUMENTED_SHAPE = {
  contentType: 'application/json',
  userAgent: 'SkyPanel-Provisioning/1',
  idHeaderMatchesBody: true,
  uuid: true,
  signatureFormat: true,
  timestampIsUnixSeconds: true,
}
