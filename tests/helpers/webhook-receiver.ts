import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ReceivedWebhook = {
  eventId: string
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
  raw: string
  /** The signature checked exactly as docs/provisioning-webhooks.md tells receivers to. */
  verified: boolean
  status: number
}

/** What the receiver answers to the n-th request (0-based): a status, after an optional delay. */
export type Respond = (
  received: ReceivedWebhook,
  index: number,
) => { status: number; delayMs?: number }

/**
 * A real HTTP receiver on loopback (msw lets loopback through): records every request in
 * arrival order and verifies its signature and timestamp like the documented snippet.
 */
export async function startWebhookReceiver(
  secret: string,
  respond: Respond = () => ({ status: 200 }),
) {
  const received: ReceivedWebhook[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const entry: ReceivedWebhook = {
        eventId: String(request.headers['x-skypanel-event-id']),
        headers: request.headers,
        body: JSON.parse(raw) as Record<string, unknown>,
        raw,
        verified: verify(secret, request.headers, raw),
        status: 0,
      }
      const { status, delayMs = 0 } = respond(entry, received.length)
      entry.status = status
      received.push(entry)
      setTimeout(() => {
        if (!response.destroyed) response.writeHead(status).end(status < 300 ? 'ok' : 'nope')
      }, delayMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/skypanel`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The receiver's check, as in the docs: HMAC over "<timestamp>.<raw body>", 5-minute window. */
export function verify(secret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = String(headers['x-skypanel-timestamp'] ?? '')
  const signature = String(headers['x-skypanel-signature'] ?? '')
  if (!/^\d+$/.test(timestamp)) return false
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false
  const expected =
    'v1=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')
  const a = Buffer.from(signature)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
