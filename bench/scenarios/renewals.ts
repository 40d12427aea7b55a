import type postgres from 'postgres'
import { seedDueSubscriptions } from '../lib/seed.ts'
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
 * `count` funded subscriptions due an hour ago, then runRenewals (the function the hourly job
 * and `npm run jobs:renewals` run) from this process on a pool of 2, like the script. With
 * `workers` > 1, that many passes run at once, each on its own pool of 2: what several job
 * workers do (renewOne locks with SKIP LOCKED so they can share the work).
 */
export async function runRenewalPass(input: {
  sql: postgres.Sql
  databaseUrl: string
  modules: ServerModules
  count: number
  workers: number
}): Promise<RenewalsResult> {
  const [plan] = await input.sql<{ id: number; price: string }[]>`
    select id, price_cents::text as price from dns_plans where slug = 'basic'`
  if (!plan) throw new Error('The default DNS plan "basic" is missing.')
  const now = new Date()
  const seedStarted = performance.now()
  const due = await seedDueSubscriptions(input.sql, {
    prefix: `renewal-${input.workers}w`,
    count: input.count,
    planId: plan.id,
    priceCents: Number(plan.price),
    balanceCents: 10_000,
    now,
  })
  const seedSeconds = (performance.now() - seedStarted) / 1000
  const pools = Array.from({ length: Math.max(1, input.workers) }, () =>
    input.modules.createDatabase(input.databaseUrl, { max: 2 }),
  )
  try {
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const reports = await Promise.all(pools.map(({ db }) => input.modules.runRenewals(db, { now })))
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const report: Record<string, number> = {}
    for (const each of reports) {
      for (const [key, value] of Object.entries(each)) report[key] = (report[key] ?? 0) + value
    }
    const processed =
      (report.renewed ?? 0) +
      (report.past_due ?? 0) +
      (report.expired ?? 0) +
      (report.cancelled ?? 0)
    return {
      workers: pools.length,
      due,
      seedSeconds: round(seedSeconds, 2),
      seconds: round(seconds, 2),
      processedPerSecond: round(processed / seconds, 1),
      /** CPU of the process running the passes (drizzle, postgres.js), per processed subscription. */
      workerCpuMsPerRenewal: round((cpu.user + cpu.system) / 1000 / Math.max(1, processed), 2),
      report,
    }
  } finally {
    await Promise.all(pools.map(({ sql }) => sql.end({ timeout: 5 })))
  }
}
