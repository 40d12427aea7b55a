import { createHmac, timingSafeEqual } from 'node:crypto'
import { env } from '#server/env.ts'

/**
 * A signed upgrade quote: what previewServiceChange showed, so change() charges exactly that
 * amount if the user confirms within the validity window (the remaining share of the
 * period shrinks every second; without a quote the charge is computed afresh).
 */
/** What the amount was computed from: a quote is honoured only while all of it still holds. */
export type QuoteContext = {
  serviceId: number
  fromProductId: number
  pricePaidCents: number
  productId: number
  cycle: string
  periodStart: number
}
export type Quote = QuoteContext & { amountCents: number; expiresAt: number }

const VALID_MS = 10 * 60 * 1000

function sign(payload: string, secret = env.SESSION_SECRET): string {
  return createHmac('sha256', `service-quote:${secret}`).update(payload).digest('base64url')
}

export function issueQuote(
  quote: Omit<Quote, 'expiresAt'>,
  now: Date,
): { token: string; expiresAt: Date } {
  const full: Quote = { ...quote, expiresAt: now.getTime() + VALID_MS }
  const payload = Buffer.from(JSON.stringify(full)).toString('base64url')
  return { token: `${payload}.${sign(payload)}`, expiresAt: new Date(full.expiresAt) }
}

/** The quote, if the token is ours, unexpired and computed from exactly this state. */
export function readQuote(
  token: string | undefined,
  expected: QuoteContext,
  now: Date,
): Quote | null {
  if (!token) return null
  const [payload, signature] = token.split('.')
  if (!payload || !signature) return null
  const given = Buffer.from(signature)
  // Signed with any of SESSION_SECRET's secrets: a quote shown before a rotation still holds.
  const signedByUs = env.SESSION_SECRETS.some((secret) => {
    const expectedSignature = Buffer.from(sign(payload, secret))
    return given.length === expectedSignature.length && timingSafeEqual(given, expectedSignature)
  })
  if (!signedByUs) return null
  try {
    const quote = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Quote
    const matches =
      (Object.keys(expected) as (keyof QuoteContext)[]).every(
        (key) => quote[key] === expected[key],
      ) &&
      quote.expiresAt > now.getTime() &&
      Number.isSafeInteger(quote.amountCents) &&
      quote.amountCents >= 0
    return matches ? quote : null
  } catch {
    return null
  }
}
