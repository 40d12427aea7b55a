/**
 * Benchmark sizes, all overridable by environment variables. BENCH_QUICK=1 shrinks every
 * size for a ~2-minute smoke run; an explicit variable still wins over the quick default.
 */
export const quick = process.env.BENCH_QUICK === '1' || process.env.BENCH_QUICK === 'true'

function int(name: string, full: number, quickValue: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return quick ? quickValue : full
  const value = Number(raw)
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer (got "${raw}").`)
  }
  return value
}

function intList(name: string, full: number[], quickValue: number[]): number[] {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return quick ? quickValue : full
  const values = raw.split(',').map((part) => Number(part.trim()))
  if (values.some((value) => !Number.isSafeInteger(value) || value < 1)) {
    throw new Error(`${name} must be a comma-separated list of positive integers (got "${raw}").`)
  }
  return values
}

export const config = {
  quick,
  /** Users that receive random admin adjustments. */
  users: int('BENCH_USERS', 1000, 1000),
  /** Concurrent clients per credit-operation cell. */
  concurrencies: intList('BENCH_CONCURRENCY', [8, 32, 64], [8, 32, 64]),
  /** Requests (or raw SQL transactions) per credit-operation cell, split across the clients. */
  opsPerCell: int('BENCH_OPS', 2000, 400),
  /** Alternating API / raw SQL rounds per cell (the cell's operations are split across them). */
  rounds: int('BENCH_ROUNDS', 2, 2),
  /** Untimed requests before each cell (JIT, sockets, pool connections). */
  warmupOps: int('BENCH_WARMUP', 200, 64),
  /** GET /api/billing/balance: total requests and concurrency. */
  balanceRequests: int('BENCH_BALANCE_REQUESTS', 10_000, 2000),
  balanceConcurrency: int('BENCH_BALANCE_CONCURRENCY', 64, 64),
  /** Then the same clients paced at this percentage of the throughput just measured, for this long. */
  balancePacedPercent: int('BENCH_BALANCE_PACED_PERCENT', 50, 50),
  balancePacedSeconds: int('BENCH_BALANCE_PACED_SECONDS', 15, 5),
  /** Entries in the one big history, and requests per history query kind. */
  historyEntries: int('BENCH_HISTORY_ENTRIES', 1_000_000, 100_000),
  historyRequests: int('BENCH_HISTORY_REQUESTS', 200, 50),
  /** Top-up runs (create → approve → capture) and the users they are spread over. */
  topupRuns: int('BENCH_TOPUP_RUNS', 100, 20),
  topupUsers: int('BENCH_TOPUP_USERS', 20, 5),
  /** Due DNS plan subscriptions for one renewal pass. */
  renewals: int('BENCH_RENEWALS', 10_000, 1000),
  /** A second pass on as many fresh subscriptions with this many concurrent workers (0: skip). */
  renewalWorkers: int('BENCH_RENEWAL_WORKERS', 4, 4),
  /** GET /billing requests per user. */
  billingRequests: int('BENCH_BILLING_REQUESTS', 100, 30),
  /** The checkout whose build is measured (copied to the run's temp dir first). */
  appDir: process.env.BENCH_APP_DIR || '.',
  /** DATABASE_POOL_MAX for the app; unset keeps the app's own default. */
  appPoolMax: process.env.BENCH_APP_POOL_MAX || undefined,
  /** Keep bench/.tmp/<run> (PostgreSQL data, app log) for inspection. */
  keepTmp: process.env.BENCH_KEEP_TMP === '1',
  /** Only these phases (comma-separated: credits,balance,history,topups,renewals,billing); default all. */
  only: (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((phase) => phase.trim())
    .filter(Boolean),
  /** Extra node flags for the app process, e.g. "--cpu-prof --cpu-prof-dir=bench/.tmp/prof". */
  appNodeArgs: (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean),
  /** Print the app's log when the run ends. */
  showAppLog: process.env.BENCH_SHOW_APP_LOG === '1',
} as const

export type BenchConfig = typeof config

/** Same values the e2e setup uses; the bench process reuses them to import server modules. */
export const SESSION_SECRET = 'bench-session-secret-0123456789abcdefghijkl'
