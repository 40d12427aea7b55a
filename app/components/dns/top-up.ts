import { centsToDecimal, formatMoney } from '#app/lib/format.ts'
import type { PublicEnv } from '#app/lib/public-env.ts'

/** The smallest custom-credit top-up ($1.00), unless the server is configured higher. */
const MIN_TOPUP_CENTS = 100

/**
 * A top-up that covers `shortfallCents` within the allowed purchase range, the link to
 * /billing that prefills it, and a note when the range changed the amount.
 */
export function topUpFor(shortfallCents: number, env: PublicEnv) {
  const minCents = Math.max(MIN_TOPUP_CENTS, env.purchaseMinCents)
  const cents = Math.min(Math.max(shortfallCents, minCents), env.purchaseMaxCents)
  const note =
    cents > shortfallCents
      ? `The minimum top-up is ${formatMoney(minCents)}.`
      : cents < shortfallCents
        ? `A single top-up is at most ${formatMoney(env.purchaseMaxCents)}.`
        : null
  return {
    cents,
    formatted: formatMoney(cents),
    href: `/billing?tab=credits&amount=${centsToDecimal(cents)}`,
    note,
  }
}
