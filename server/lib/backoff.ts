/** Exponential backoff: 30 s, 60 s, 2 min, … capped at one hour. */
export function backoffSeconds(attempt: number): number {
  return Math.min(30 * 2 ** Math.max(0, attempt - 1), 3600)
}

export type RetryOptions = {
  /** Wait before the second attempt; doubles after each failure. */
  firstDelayMs?: number
  maxDelayMs?: number
  /** Give up (throw the last error) after this many attempts; unbounded by default. */
  attempts?: number
  /** Stops the retrying: the pending wait ends and the last error is thrown. */
  signal?: AbortSignal
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void
}

/**
 * Start-up work that another process may be doing at the same moment (two instances
 * creating pg-boss's queues deadlock, 40P01) or that needs a database still coming up:
 * tried again after 0.5 s, 1 s, 2 s, … capped at 30 s, each wait jittered so that two
 * processes that collided once do not collide again in step.
 */
export async function retryWithBackoff<T>(
  attempt: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { firstDelayMs = 500, maxDelayMs = 30_000, attempts = Infinity, signal } = options
  for (let n = 1; ; n++) {
    try {
      return await attempt(n)
    } catch (error) {
      if (n >= attempts || signal?.aborted) throw error
      const ceiling = Math.min(firstDelayMs * 2 ** (n - 1), maxDelayMs)
      const delayMs = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2)
      options.onRetry?.(error, n, delayMs)
      const waited = await sleep(delayMs, signal)
      if (!waited) throw error
    }
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve(true)
    }, ms)
    const abort = () => {
      clearTimeout(timer)
      resolve(false)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
