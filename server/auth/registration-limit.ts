import type { Db } from '#db/client.ts'
import { consumeRateLimits } from '#server/services/rate-limit/consume-rate-limit.ts'

// Generous for an office behind one address, useless for a script filling the users table
// or probing which emails already have an account (a taken email answers 409).
const REGISTRATIONS_PER_IP_PER_HOUR = 10

/** Every registration attempt from this IP counts, accepted or not. */
export function consumeRegistrationRateLimit(db: Db, ip: string): Promise<void> {
  return consumeRateLimits(
    db,
    [{ key: `register:ip:${ip}`, limit: REGISTRATIONS_PER_IP_PER_HOUR, windowSeconds: 3600 }],
    'Too many registration attempts from your network. Please try again in an hour.',
  )
}
