/** Exponential backoff: 30 s, 60 s, 2 min, … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600)
}
