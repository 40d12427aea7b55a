import type postgres from 'postgres'
import { seedDueServices } from '../lib/seed.ts'
import type { ServerModules } from '../lib/server-modules.ts'
import { round } from '../lib/stats.ts'

export type RenewalsResult = {
  workers: number
  due: number
  seedSeconds: number
  seconds: number
  processedPerSecond: number
  workerCpuMsPerRenewal: number
  report: Record<string, number>
}

/**
 * `count` funded DNS services due an hour ago, then one runRenewals pass (the function the
 * hourly job and `npm run jobs:renewals` run) with `workers` claim-and-renew loops, each on its
 * own connection of one pool (workers + 1 connections, the last for the pass's other reads).
 * Each loop claims one due service at a time with FOR UPDATE SKIP LOCKED, so the loops never
 * wait on each other and never renew the same service.
 */
export async function runRenewalPass(input: {
  sql: postgres.Sql
  databaseUrl: string
  modules: ServerModules
  count: number
  workers: number
}): Promise<RenewalsResult> {
  const [plan] = await input.sql<{ id: number; price: string }[]>`
    select p.id, pp.price_cents::text as price
      from products p join product_prices pp on pp.product_id = p.id and pp.cycle = 'monthly'
     where p.family = 'dns' and p.slug = 'basic'`
  if (!plan) throw new Error('The default DNS plan "basic" is missing.')
  const now = new Date()
  const seedStarted = performance.now()
  const due = await seedDueServices(input.sql, {
    prefix: `renewal-${input.workers}w`,
    count: input.count,
    productId: plan.id,
    priceCents: Number(plan.price),
    balanceCents: 10_000,
    now,
  })
  const seedSeconds = (performance.now() - seedStarted) / 1000
  const workers = Math.max(1, input.workers)
  const pool = input.modules.createDatabase(input.databaseUrl, { max: workers + 1 })
  try {
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const report = (await input.modules.runRenewals(pool.db, { now, workers })) as Record<
      string,
      number
    >
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const processed =
      (report.renewed ?? 0) +
      (report.past_due ?? 0) +
      (report.suspended ?? 0) +
      (report.terminated ?? 0) +
      (report.cancelled ?? 0)
    return {
      workers,
      due,
      seedSeconds: round(seedSeconds, 2),
      seconds: round(seconds, 2),
      processedPerSecond: round(processed / seconds, 1),
      /** CPU of the process running the pass (drizzle, postgres.js), per processed service. */
      workerCpuMsPerRenewal: round((cpu.user + cpu.system) / 1000 / Math.max(1, processed), 2),
      report,
    }
  } finally {
    await pool.sql.end({ timeout: 5 })
  }
}
