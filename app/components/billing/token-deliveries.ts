type TokenEntry = { tokens: number; status: string; createdAt: Date | string }

/** How often the token history is read while a delivery to VirtFusion is under way. */
export const DELIVERY_POLL_MS = 2_000
/** Otherwise, as every live panel of the page. */
export const IDLE_POLL_MS = 15_000
/**
 * Fast polling stops for entries older than this: a delivery still pending by then waits on
 * the job queue's retries (or an admin), and a page left open must not poll every 2 s forever.
 */
export const DELIVERY_POLL_WINDOW_MS = 10 * 60_000

/** Tokens paid for (or granted) that VirtFusion has not confirmed yet. */
export function pendingDeliveryTokens(items: readonly TokenEntry[]): number {
  return items.reduce(
    (sum, entry) => (entry.status === 'pending' && entry.tokens > 0 ? sum + entry.tokens : sum),
    0,
  )
}

/** The refetch interval of the token history: fast only while a recent delivery is pending. */
export function deliveryPollInterval(items: readonly TokenEntry[], now: number): number {
  const recentPending = items.some(
    (entry) =>
      entry.status === 'pending' &&
      entry.tokens > 0 &&
      now - new Date(entry.createdAt).getTime() < DELIVERY_POLL_WINDOW_MS,
  )
  return recentPending ? DELIVERY_POLL_MS : IDLE_POLL_MS
}
