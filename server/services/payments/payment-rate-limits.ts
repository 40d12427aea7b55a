import type { Db } from '#db/client.ts'
import { consumeRateLimits } from '#server/services/rate-limit/consume-rate-limit.ts'

const LIMITS = {
  create: { perUser: 10, perIp: 30 },
  capture: { perUser: 30, perIp: 60 },
} as const

/** Order creation and capture, limited per user and per IP (per minute). */
export function consumePaymentRateLimit(
  db: Db,
  input: { action: keyof typeof LIMITS; userId: number; ip: string },
): Promise<void> {
  const limits = LIMITS[input.action]
  return consumeRateLimits(
    db,
    [
      {
        key: `paypal-${input.action}:user:${input.userId}`,
        limit: limits.perUser,
        windowSeconds: 60,
      },
      { key: `paypal-${input.action}:ip:${input.ip}`, limit: limits.perIp, windowSeconds: 60 },
    ],
    'Too many payment attempts. Please wait a minute and try again.',
  )
}
