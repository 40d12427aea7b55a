import postgres from 'postgres'
import type { BenchConfig } from '../lib/config.ts'
import { callText } from '../lib/http.ts'
import { cpuWindow, type CpuWindow } from '../lib/proc.ts'
import { closedLoop, mergeLoads, round, type LoadResult } from '../lib/stats.ts'

export type CreditCell = {
  target: 'users' | 'hot'
  concurrency: number
  api: LoadResult & { cpu: CpuWindow }
  raw: LoadResult & { cpu: CpuWindow }
  ratio: number
  /** CPU per operation (ms): the app's on the API rounds, the raw-SQL client's on the raw rounds. */
  cpuPerOp: { appMs: number; rawClientMs: number; ratio: number }
}

type Context = {
  config: BenchConfig
  baseUrl: string
  databaseUrl: string
  appPid: number
  adminToken: string
  adminUserId: number
  userIds: number[]
  hotUserId: number
}

/** Client c's i-th operation: adds on even, removes on odd, so every balance stays near zero. */
const isAdd = (index: number) => index % 2 === 0

function targetOf(ctx: Context, target: CreditCell['target']): () => number {
  if (target === 'hot') return () => ctx.hotUserId
  return () => ctx.userIds[Math.floor(Math.random() * ctx.userIds.length)]!
}

/** One admin adjustment through the REST API (what an operator's script would call). */
function apiOperation(ctx: Context, pick: () => number) {
  return async (_client: number, index: number) => {
    await callText(ctx.baseUrl, `/api/admin/users/${pick()}/custom-credits`, {
      method: isAdd(index) ? 'POST' : 'DELETE',
      token: ctx.adminToken,
      body: { amount: '1.00', reason: 'bench' },
    })
  }
}

/**
 * The same ledger write as raw SQL on the same database: move the balance, append the
 * entry (same columns and values the app writes for an admin adjustment), one transaction.
 */
function rawOperation(ctx: Context, sql: postgres.Sql, pick: () => number) {
  return async (_client: number, index: number) => {
    const add = isAdd(index)
    const amount = add ? 100 : -100
    const userId = pick()
    await sql.begin(async (tx) => {
      const [row] = await tx<{ balance_cents: string }[]>`
        update user_credits set balance_cents = balance_cents + ${amount}, updated_at = now()
         where user_id = ${userId} returning balance_cents`
      const after = Number(row!.balance_cents)
      await tx`
        insert into credit_transactions (
          user_id, type, amount_cents, balance_before_cents, balance_after_cents, description,
          payment_method, admin_user_id, reason)
        values (${userId}, ${add ? 'admin_add' : 'admin_remove'}::credit_entry_type, ${amount},
                ${after - amount}, ${after},
                ${add ? 'Credits added by an administrator' : 'Credits removed by an administrator'},
                'admin', ${ctx.adminUserId}, 'bench')`
    })
  }
}

/**
 * One cell: warm both sides up, then alternate API and raw SQL rounds (BENCH_ROUNDS, each
 * a share of BENCH_OPS) so both see the same background load, and merge the rounds.
 */
async function measureCell(ctx: Context, target: CreditCell['target'], concurrency: number) {
  const pick = targetOf(ctx, target)
  const api = apiOperation(ctx, pick)
  const sql = postgres(ctx.databaseUrl, { max: concurrency, onnotice: () => {} })
  try {
    const raw = rawOperation(ctx, sql, pick)
    const warmup = Math.max(ctx.config.warmupOps, concurrency)
    // The raw warm-up also opens every pool connection (postgres.js connects lazily).
    await closedLoop(concurrency, warmup, api)
    await closedLoop(concurrency, warmup, raw)
    const rounds = Math.max(1, ctx.config.rounds)
    const apiRounds: LoadResult[] = []
    const rawRounds: LoadResult[] = []
    const apiCpu: CpuWindow[] = []
    const rawCpu: CpuWindow[] = []
    for (let r = 0; r < rounds; r++) {
      const share =
        Math.floor(ctx.config.opsPerCell / rounds) + (r < ctx.config.opsPerCell % rounds ? 1 : 0)
      let done = cpuWindow(ctx.appPid)
      apiRounds.push(await closedLoop(concurrency, share, api))
      apiCpu.push(done())
      done = cpuWindow(ctx.appPid)
      rawRounds.push(await closedLoop(concurrency, share, raw))
      rawCpu.push(done())
    }
    return {
      api: { ...mergeLoads(apiRounds), cpu: sumCpu(apiCpu) },
      raw: { ...mergeLoads(rawRounds), cpu: sumCpu(rawCpu) },
    }
  } finally {
    await sql.end({ timeout: 5 })
  }
}

function sumCpu(windows: CpuWindow[]): CpuWindow {
  const sum = (key: keyof CpuWindow) =>
    Math.round(windows.reduce((total, window) => total + window[key], 0) * 100) / 100
  return {
    appCpuSeconds: sum('appCpuSeconds'),
    benchCpuSeconds: sum('benchCpuSeconds'),
    machineBusy: Math.round((sum('machineBusy') / Math.max(1, windows.length)) * 100) / 100,
  }
}

const perOp = (seconds: number, ops: number) => ((seconds * 1000) / Math.max(1, ops)).toFixed(2)
const msPerOp = (seconds: number, ops: number) => round((seconds * 1000) / Math.max(1, ops), 3)

export async function runCreditOperations(
  ctx: Context,
  log: (line: string) => void,
): Promise<CreditCell[]> {
  const cells: CreditCell[] = []
  for (const target of ['users', 'hot'] as const) {
    for (const concurrency of ctx.config.concurrencies) {
      const { api, raw } = await measureCell(ctx, target, concurrency)
      const ratio = round(api.opsPerSecond / raw.opsPerSecond, 2)
      const appMs = msPerOp(api.cpu.appCpuSeconds, api.ops)
      const rawClientMs = msPerOp(raw.cpu.benchCpuSeconds, raw.ops)
      const cpuPerOp = { appMs, rawClientMs, ratio: round(appMs / Math.max(0.001, rawClientMs), 2) }
      cells.push({ target, concurrency, api, raw, ratio, cpuPerOp })
      log(
        `  ${target === 'hot' ? 'hot user' : `${ctx.userIds.length} users`} × ${concurrency} clients: ` +
          `API ${api.opsPerSecond} ops/s (p99 ${api.latency.p99} ms, ${api.errors} errors), ` +
          `raw SQL ${raw.opsPerSecond} ops/s (p99 ${raw.latency.p99} ms, ${raw.errors} errors), ratio ${ratio}` +
          ` [CPU ms/op: app ${perOp(api.cpu.appCpuSeconds, api.ops)}, client ${perOp(api.cpu.benchCpuSeconds, api.ops)} vs raw client ${perOp(raw.cpu.benchCpuSeconds, raw.ops)};` +
          ` app/raw client ${cpuPerOp.ratio}×;` +
          ` machine ${Math.round(api.cpu.machineBusy * 100)}% / ${Math.round(raw.cpu.machineBusy * 100)}% busy]`,
      )
      if (api.firstError) log(`    first API error: ${api.firstError}`)
      if (raw.firstError) log(`    first raw error: ${raw.firstError}`)
    }
  }
  return cells
}
