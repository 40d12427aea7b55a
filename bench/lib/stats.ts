/** Raw latency samples ride along (not serialised) so rounds can be merged. */
const SAMPLES = Symbol('samples')

export type LatencySummary = {
  n: number
  mean: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Nearest-rank percentile of an ascending array (milliseconds in, milliseconds out). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function summarize(latenciesMs: number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b)
  const sum = sorted.reduce((total, value) => total + value, 0)
  return {
    n: sorted.length,
    mean: round(sum / Math.max(1, sorted.length)),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  }
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export function nowMs(): number {
  return performance.now()
}

export type LoadResult = {
  concurrency: number
  /** Measured rounds merged into this result (see mergeLoads). */
  rounds: number
  ops: number
  errors: number
  firstError: string | null
  seconds: number
  opsPerSecond: number
  latency: LatencySummary
}

/**
 * A closed loop: `concurrency` clients, each running its share of `total` operations back to
 * back. Throughput is completed operations over wall time; failed operations are counted,
 * not retried, and excluded from the throughput.
 */
export async function closedLoop(
  concurrency: number,
  total: number,
  operation: (client: number, index: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | null = null
  const started = nowMs()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      const share = Math.floor(total / concurrency) + (client < total % concurrency ? 1 : 0)
      for (let index = 0; index < share; index++) {
        const begin = nowMs()
        try {
          await operation(client, index)
          latencies.push(nowMs() - begin)
        } catch (error) {
          errors++
          firstError ??= error instanceof Error ? error.message : String(error)
        }
      }
    }),
  )
  const seconds = (nowMs() - started) / 1000
  return {
    concurrency,
    rounds: 1,
    ops: latencies.length,
    errors,
    firstError,
    seconds: round(seconds, 3),
    opsPerSecond: round(latencies.length / seconds, 1),
    latency: Object.assign(summarize(latencies), { [SAMPLES]: latencies }),
  }
}

/**
 * Several rounds of the same cell as one result: operations and wall time add up, latency
 * percentiles come from all samples. Alternating API and raw SQL rounds this way spreads any
 * drift in background load (a shared machine) over both sides of a comparison.
 */
export function mergeLoads(results: LoadResult[]): LoadResult {
  const all = results.flatMap(
    (result) => (result.latency as LatencySummary & { [SAMPLES]?: number[] })[SAMPLES] ?? [],
  )
  const ops = results.reduce((sum, result) => sum + result.ops, 0)
  const seconds = results.reduce((sum, result) => sum + result.seconds, 0)
  return {
    concurrency: results[0]?.concurrency ?? 0,
    rounds: results.length,
    ops,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    firstError: results.find((result) => result.firstError)?.firstError ?? null,
    seconds: round(seconds, 3),
    opsPerSecond: round(ops / seconds, 1),
    latency: summarize(all),
  }
}

/** Sequential latency samples of one operation (one client, nothing else in flight). */
export async function sequential(
  count: number,
  operation: (index: number) => Promise<void>,
): Promise<{ latency: LatencySummary; errors: number; firstError: string | null }> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | null = null
  for (let index = 0; index < count; index++) {
    const begin = nowMs()
    try {
      await operation(index)
      latencies.push(nowMs() - begin)
    } catch (error) {
      errors++
      firstError ??= error instanceof Error ? error.message : String(error)
    }
  }
  return { latency: summarize(latencies), errors, firstError }
}

/**
 * Paced clients: `clients` clients, each sending one request every `clients / ratePerSecond`
 * seconds (staggered), `total` requests in all. Latency counts from the moment a request was
 * due, so a client held up by a slow response is charged for the wait (no coordinated
 * omission). Unlike closedLoop, the offered load stays fixed below capacity, so the figures
 * are response times rather than queueing at saturation.
 */
export async function pacedLoop(
  clients: number,
  ratePerSecond: number,
  total: number,
  operation: () => Promise<void>,
): Promise<LoadResult & { offeredPerSecond: number }> {
  const latencies: number[] = []
  let errors = 0
  let firstError: string | null = null
  const intervalMs = (clients / ratePerSecond) * 1000
  const started = nowMs()
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const share = Math.floor(total / clients) + (client < total % clients ? 1 : 0)
      let due = started + (client * 1000) / ratePerSecond
      for (let index = 0; index < share; index++) {
        const wait = due - nowMs()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
        try {
          await operation()
          latencies.push(nowMs() - due)
        } catch (error) {
          errors++
          firstError ??= error instanceof Error ? error.message : String(error)
        }
        due += intervalMs
      }
    }),
  )
  const seconds = (nowMs() - started) / 1000
  return {
    concurrency: clients,
    rounds: 1,
    ops: latencies.length,
    errors,
    firstError,
    seconds: round(seconds, 3),
    opsPerSecond: round(latencies.length / seconds, 1),
    offeredPerSecond: round(ratePerSecond, 1),
    latency: summarize(latencies),
  }
}
