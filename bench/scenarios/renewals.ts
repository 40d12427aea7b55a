import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
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
  /** CPU of the PostgreSQL server (postmaster and all its processes) per processed service. */
  postgresCpuMsPerRenewal: number
  /** Share of the whole machine's CPU time that was busy during the pass (any process). */
  machineBusyPercent: number
  loadAverageAtStart: number
  report: Record<string, number>
}

const TICK_MS = 10 // USER_HZ is 100 on Linux

/** utime + stime, in clock ticks, of the postmaster and its children. */
function postgresCpuTicks(postmasterPid: number): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(entry) === postmasterPid || Number(fields[1]) === postmasterPid)
        ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks
}

function machineTicks(): { idle: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1).map(Number)
  return { idle: cpu[3]! + cpu[4]!, total: cpu.reduce((sum, value) => sum + value, 0) }
}

/**
 * `count` funded DNS services due an hour ago, then one runRenewals pass (the function the
 * hourly job and `npm run jobs:renewals` run) with `workers` claim-and-renew loops, each on its
 * own connection of one pool (workers + 1 connections, the last for the pass's other reads).
 * Each loop claims a batch of due services with FOR UPDATE SKIP LOCKED, so the loops never wait
 * on each other and never renew the same service. Besides the rate it measures the CPU per
 * renewal of this process and of PostgreSQL, and how busy the whole machine was: on 2 cores
 * these bound what more workers can add (bench/README.md).
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
  const [dataDir] = await input.sql<{ setting: string }[]>`
    select setting from pg_settings where name = 'data_directory'`
  const postmasterPid = Number(
    readFileSync(`${dataDir!.setting}/postmaster.pid`, 'utf8').split('\n')[0],
  )
  const pool = input.modules.createDatabase(input.databaseUrl, { max: workers + 1 })
  try {
    const loadAverageAtStart = loadavg()[0]!
    const machineBefore = machineTicks()
    const postgresBefore = postgresCpuTicks(postmasterPid)
    const cpuBefore = process.cpuUsage()
    const started = performance.now()
    const report = (await input.modules.runRenewals(pool.db, { now, workers })) as Record<
      string,
      number
    >
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    const postgresTicks = postgresCpuTicks(postmasterPid) - postgresBefore
    const machineAfter = machineTicks()
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
      postgresCpuMsPerRenewal: round((postgresTicks * TICK_MS) / Math.max(1, processed), 2),
      machineBusyPercent: round(
        100 *
          (1 -
            (machineAfter.idle - machineBefore.idle) /
              Math.max(1, machineAfter.total - machineBefore.total)),
        0,
      ),
      loadAverageAtStart: round(loadAverageAtStart, 2),
      report,
    }
  } finally {
    await pool.sql.end({ timeout: 5 })
  }
}
