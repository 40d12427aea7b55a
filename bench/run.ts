/**
 * `npm run bench`: performance figures for the production build on its own embedded
 * PostgreSQL. A measurement, not a test: it prints a table (with MISSED lines for targets not
 * met), writes the full JSON to bench/results/, and exits 0 either way. Sizes: bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { config } from './lib/config.ts'
import { seedHistory, seedSession, seedUsers } from './lib/seed.ts'
import { loadServerModules } from './lib/server-modules.ts'
import { startStack, type Stack } from './lib/stack.ts'
import { round, type LatencySummary } from './lib/stats.ts'
import { runCreditOperations, type CreditCell } from './scenarios/credits.ts'
import { measureJsBytes, runBillingPage } from './scenarios/pages.ts'
import { runBalanceReads, runHistoryReads } from './scenarios/reads.ts'
import { runRenewalPass, type RenewalsResult } from './scenarios/renewals.ts'
import { runTopups } from './scenarios/topups.ts'

type Row = { metric: string; value: string; target: string; pass: boolean | null; ratio: string }

const TARGETS = {
  ratioUsers: 0.6,
  ratioHot: 0.8,
  /** App CPU per credit operation ÷ the raw-SQL client's CPU per operation (issue #15). */
  cpuRatio: 2,
  balanceP99Ms: 20,
  /** History at 1,000,000 entries, every query kind (issue #15). */
  historyP95Ms: 10,
  jsGzipKb: 120,
  /** Peak resident memory of the app (all its processes), issue #15. */
  peakRssMb: 200,
  /** Four renewal workers against one on the same pass (issue #13). */
  renewalSpeedup: 2.5,
} as const

const startedAt = new Date()
const log = (line: string) => console.log(line)
const ms = (value: number) => `${value.toFixed(1)}`
const fmt = (value: number) => Math.round(value).toLocaleString('en-US')
const kb = (bytes: number) => round(bytes / 1024, 1)
const lat = (s: LatencySummary, keys: Array<'p50' | 'p95' | 'p99'> = ['p50', 'p95']) =>
  keys.map((key) => `${key} ${ms(s[key])}`).join(' / ') + ' ms'

let stack: Stack | null = null
let stopping = false
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    await stack?.stop().catch((error: unknown) => console.error('Cleanup failed:', error))
  }
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(130))
process.on('SIGTERM', () => void shutdown(143))

const loadAtStart = loadavg()
const cores = cpus().length

async function main() {
  if (loadAtStart[0]! > cpus().length * 0.5) {
    log(
      `Note: this machine is already busy (1-minute load ${loadAtStart[0]!.toFixed(2)} on ${cpus().length} cores); ` +
        'throughput and tail latencies will be lower and noisier than on an idle machine.',
    )
  }
  log(
    `Benchmark${config.quick ? ' (BENCH_QUICK)' : ''}: ${cpus().length} cores, load average ${loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  )
  stack = await startStack(config)
  const { baseUrl, databaseUrl, appPid, memory } = stack
  log(
    `App ready at ${baseUrl} (pid ${appPid}), PostgreSQL in ${path.relative(process.cwd(), stack.tmpDir)}`,
  )

  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {} })
  const modules = await loadServerModules(databaseUrl)
  const drizzle = modules.createDatabase(databaseUrl, { max: 2 })
  try {
    const settings = await sql<{ name: string; setting: string }[]>`
      select name, setting from pg_settings
       where name in ('server_version', 'shared_buffers', 'fsync', 'synchronous_commit', 'max_connections', 'work_mem')`
    const postgresSettings = Object.fromEntries(settings.map((row) => [row.name, row.setting]))
    const connectionsNeeded =
      Math.max(...config.concurrencies) + Number(config.appPoolMax ?? 10) + 8
    if (connectionsNeeded > Number(postgresSettings.max_connections)) {
      throw new Error(
        `BENCH_CONCURRENCY up to ${Math.max(...config.concurrencies)} needs ~${connectionsNeeded} PostgreSQL connections ` +
          `(raw SQL pool + app pool + bench); max_connections is ${postgresSettings.max_connections}.`,
      )
    }

    // --- Seed: users, tokens, sessions -------------------------------------------------
    const [adminId] = await seedUsers(sql, { prefix: 'admin', count: 1, role: 'admin' })
    const userIds = await seedUsers(sql, { prefix: 'user', count: config.users })
    const [hotUserId] = await seedUsers(sql, { prefix: 'hot', count: 1 })
    const [historyUserId] = await seedUsers(sql, { prefix: 'history', count: 1 })
    const topupUserIds = await seedUsers(sql, {
      prefix: 'topup',
      count: Math.max(1, config.topupUsers),
    })
    await sql`analyze`
    const token = async (
      userId: number,
      scope: 'read' | 'write' | 'admin',
      role: 'user' | 'admin' = 'user',
    ) =>
      (
        await modules.createApiToken(drizzle.db, {
          user: { id: userId, role },
          name: `bench ${scope}`,
          scope,
        })
      ).token
    const adminToken = await token(adminId!, 'admin', 'admin')
    const balanceToken = await token(userIds[0]!, 'read')
    const historyToken = await token(historyUserId!, 'read')
    const topupTokens = await Promise.all(topupUserIds.map((id) => token(id, 'write')))
    log(
      `Seeded ${config.users} users, a hot user, a history user, ${topupUserIds.length} top-up users and their tokens.`,
    )

    const rows: Row[] = []
    const results: Record<string, unknown> = {}
    const enabled = (phase: string) => config.only.length === 0 || config.only.includes(phase)

    // --- 2. Credit operations: API vs raw SQL -----------------------------------------
    if (enabled('credits')) {
      log(`\nCredit operations (${config.opsPerCell} per cell, alternating add/remove of 1.00):`)
      const credits = await runCreditOperations(
        {
          config,
          baseUrl,
          databaseUrl,
          appPid,
          adminToken,
          adminUserId: adminId!,
          userIds,
          hotUserId: hotUserId!,
        },
        log,
      )
      memory.mark('after credit operations')
      for (const cell of credits) rows.push(creditRow(cell, config.users))
      for (const cell of credits) rows.push(creditCpuRow(cell, config.users))
      results.credits = credits
    }

    // --- 3. Balance reads ---------------------------------------------------------------
    if (enabled('balance')) {
      log(
        `\nBalance reads (${config.balanceRequests} requests, ${config.balanceConcurrency} clients):`,
      )
      const balance = await runBalanceReads({
        baseUrl,
        appPid,
        token: balanceToken,
        requests: config.balanceRequests,
        concurrency: config.balanceConcurrency,
        warmup: config.warmupOps,
        pacedLoad: config.balancePacedPercent / 100,
        pacedSeconds: config.balancePacedSeconds,
      })
      log(
        `  ${balance.opsPerSecond} req/s, ${lat(balance.latency, ['p50', 'p95', 'p99'])}, ${balance.errors} errors ` +
          `[app CPU ${balance.cpu.appCpuSeconds}s, bench CPU ${balance.cpu.benchCpuSeconds}s, machine ${Math.round(balance.cpu.machineBusy * 100)}% busy]`,
      )
      if (balance.firstError) log(`    first error: ${balance.firstError}`)
      const paced = balance.paced
      log(
        `  paced at ${config.balancePacedPercent}% (${fmt(paced.offeredPerSecond)} req/s offered): ` +
          `${lat(paced.latency, ['p50', 'p95', 'p99'])}, ${paced.errors} errors`,
      )
      memory.mark('after balance reads')
      rows.push({
        metric: `Balance read latency (GET /api/billing/balance, ${config.balanceConcurrency} clients)`,
        value: `${lat(balance.latency, ['p50', 'p95', 'p99'])} (${fmt(balance.opsPerSecond)} req/s)`,
        // Closed loop at saturation measures queueing (Little's law, bench/README.md): information.
        target: '— (info)',
        pass: balance.errors === 0 ? null : false,
        ratio: '',
      })
      rows.push({
        metric: `Balance read latency, same ${config.balanceConcurrency} clients paced at ${config.balancePacedPercent}% of that throughput`,
        value: `${lat(paced.latency, ['p50', 'p95', 'p99'])} (${fmt(paced.offeredPerSecond)} req/s offered)`,
        target: `p99 ≤ ${TARGETS.balanceP99Ms} ms`,
        pass: paced.errors === 0 && paced.latency.p99 <= TARGETS.balanceP99Ms,
        ratio: '',
      })
      results.balance = balance
    }

    // --- 4. History of 1,000,000 entries -------------------------------------------------
    if (enabled('history') || enabled('billing')) {
      log(`\nHistory: seeding ${fmt(config.historyEntries)} entries for one user…`)
      const seeded = await seedHistory(sql, {
        userId: historyUserId!,
        adminUserId: adminId!,
        entries: config.historyEntries,
      })
      log(
        `  seeded in ${seeded.seconds.toFixed(1)} s (insert, vacuum analyze); final balance ${seeded.finalBalanceCents} cents`,
      )
      results.historySeed = seeded
    }
    if (enabled('history')) {
      const history = await runHistoryReads({
        baseUrl,
        sql,
        userId: historyUserId!,
        token: historyToken,
        requests: config.historyRequests,
      })
      for (const query of history) {
        log(
          `  ${query.name}: ${lat(query.latency, ['p50', 'p95', 'p99'])} (${query.items} items, ${query.errors} errors); ` +
            `SQL alone ${lat(query.sqlLatency)}, EXPLAIN ${query.planMs ?? '?'} ms`,
        )
        rows.push({
          metric: `History ${fmt(config.historyEntries)} entries: ${query.name}`,
          value: lat(query.latency),
          target: `p95 ≤ ${TARGETS.historyP95Ms} ms`,
          pass: query.errors === 0 && query.items > 0 && query.latency.p95 <= TARGETS.historyP95Ms,
          ratio: '',
        })
      }
      memory.mark('after history')
      results.history = history
    }

    // --- 5a. Top-ups ---------------------------------------------------------------------
    if (enabled('topups')) {
      log(`\nTop-ups (${config.topupRuns} runs over ${topupTokens.length} users):`)
      const topups = await runTopups({ baseUrl, sql, tokens: topupTokens, runs: config.topupRuns })
      log(
        `  ${topups.completed}/${topups.runs} completed; total ${lat(topups.total)}; create ${lat(topups.createOrder)}; ` +
          `approve ${lat(topups.approve)}; capture ${lat(topups.captureOrder)}`,
      )
      if (topups.firstError) log(`    first error: ${topups.firstError}`)
      memory.mark('after top-ups')
      rows.push({
        metric: 'Top-up (createOrder → approve → captureOrder, offline PayPal)',
        value: `${lat(topups.total)}; capture alone ${lat(topups.captureOrder)}`,
        target: '—',
        pass: topups.errors === 0 ? null : false,
        ratio: '',
      })
      results.topups = topups
    }

    // --- 5b. Renewals --------------------------------------------------------------------
    if (enabled('renewals')) {
      const passes = [1, ...(config.renewalWorkers > 1 ? [config.renewalWorkers] : [])]
      const renewals = []
      const label = (workers: number) =>
        workers === 1 ? 'one worker' : `${workers} workers (SKIP LOCKED claims)`
      for (const workers of passes) {
        log(
          `\nRenewals: ${fmt(config.renewals)} due services, one runRenewals pass, ${label(workers)}…`,
        )
        const pass = await runRenewalPass({
          sql,
          databaseUrl,
          modules,
          count: config.renewals,
          workers,
        })
        log(
          `  ${pass.processedPerSecond}/s (${pass.seconds} s, worker CPU ${pass.workerCpuMsPerRenewal} ms + PostgreSQL CPU ${pass.postgresCpuMsPerRenewal} ms per renewal, machine ${pass.machineBusyPercent}% busy, load ${pass.loadAverageAtStart}; ${JSON.stringify(pass.report)})`,
        )
        rows.push({
          metric: `Renewals (${fmt(pass.due)} due, ${label(workers)})`,
          value: `${fmt(pass.processedPerSecond)} /s (${pass.seconds} s)`,
          target: '—',
          pass: pass.report.renewed === pass.due ? null : false,
          ratio: '',
        })
        renewals.push(pass)
      }
      const [one, many] = renewals
      if (one && many) {
        const ratio = many.processedPerSecond / one.processedPerSecond
        const ceiling = renewalSpeedupCeiling(one, many, cores)
        log(
          `  ${many.workers} workers vs one: ${many.processedPerSecond}/s vs ${one.processedPerSecond}/s = ${ratio.toFixed(2)}× (CPU ceiling on ${cores} cores: ${ceiling.toFixed(2)}×)`,
        )
        rows.push({
          metric: `Renewals: ${many.workers} workers ÷ one worker`,
          value: `${ratio.toFixed(2)}× (CPU ceiling on ${cores} cores: ${ceiling.toFixed(2)}×)`,
          target: `≥ ${TARGETS.renewalSpeedup}×`,
          pass: ratio >= TARGETS.renewalSpeedup,
          ratio: ratio.toFixed(2),
        })
      }
      memory.mark('after renewals')
      results.renewals = renewals
    }

    // --- 6. /billing and its JavaScript -------------------------------------------------
    if (enabled('billing')) {
      log(`\n/billing (${config.billingRequests} sequential requests per user):`)
      const typicalCookie = await seedSession(sql, userIds[0]!)
      const heavyCookie = await seedSession(sql, historyUserId!)
      const [typicalEntries] = await sql<{ n: number }[]>`
        select count(*)::int as n from credit_transactions where user_id = ${userIds[0]!}`
      const pages = [
        await runBillingPage({
          baseUrl,
          cookie: typicalCookie,
          user: `typical user (${typicalEntries!.n} entries)`,
          requests: config.billingRequests,
        }),
        await runBillingPage({
          baseUrl,
          cookie: heavyCookie,
          user: `history user (${fmt(config.historyEntries)} entries)`,
          requests: config.billingRequests,
        }),
      ]
      for (const page of pages) {
        log(
          `  ${page.user}: ${lat(page.latency, ['p50', 'p95', 'p99'])}, ${kb(page.htmlBytes)} KB HTML`,
        )
        rows.push({
          metric: `GET /billing SSR, ${page.user}`,
          value: lat(page.latency),
          target: '—',
          pass: page.errors === 0 ? null : false,
          ratio: '',
        })
      }
      const js = await measureJsBytes(baseUrl, pages[0]!.html)
      log(
        `  JavaScript: ${js.assets.length} files, ${kb(js.totalRaw)} KB raw, ${kb(js.totalGzip)} KB gzip on the wire, ${kb(js.totalBrotli)} KB brotli`,
      )
      const jsOver = js.totalGzip / 1024 - TARGETS.jsGzipKb
      rows.push({
        metric: `/billing JavaScript (${js.assets.length} files)`,
        value:
          `${kb(js.totalGzip)} KB gzip (${kb(js.totalBrotli)} KB brotli, ${kb(js.totalRaw)} KB raw)` +
          (jsOver > 0 ? `, ${jsOver.toFixed(1)} KB over` : ''),
        target: `≤ ${TARGETS.jsGzipKb} KB gzip`,
        pass: jsOver <= 0,
        ratio: '',
      })
      results.billing = pages.map(({ html: _html, ...page }) => page)
      results.javascript = js
    }
    memory.mark('end')

    // --- 7. Table, JSON ------------------------------------------------------------------
    const rssOver = memory.peakMb() - TARGETS.peakRssMb
    rows.push({
      metric: 'App peak RSS (VmRSS every 200 ms, all its processes)',
      value:
        `${memory.peakMb()} MB (${memory.samples()} samples; at ready ${memory.marks()[0]?.rssMb ?? '?'} MB)` +
        (rssOver > 0 ? `, ${rssOver.toFixed(1)} MB over` : ''),
      target: `≤ ${TARGETS.peakRssMb} MB`,
      pass: rssOver <= 0,
      ratio: '',
    })

    const missed = rows.filter((row) => row.pass === false)
    printTable(rows)
    if (missed.length > 0) {
      log('')
      for (const row of missed)
        log(
          `MISSED: ${row.metric}: ${row.value}${row.ratio ? ` (ratio ${row.ratio})` : ''} — target ${row.target}`,
        )
    } else {
      log('\nAll targets met.')
    }
    if (stack.appErrors() > 0)
      log(
        `\nNote: the app logged ${stack.appErrors()} error lines (BENCH_SHOW_APP_LOG=1 prints its log).`,
      )

    const finishedAt = new Date()
    const result = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationSeconds: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
      config,
      machine: {
        cores: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg(),
      },
      postgres: postgresSettings,
      targets: TARGETS,
      ...results,
      memory: { peakMb: memory.peakMb(), samples: memory.samples(), marks: memory.marks() },
      appErrorLines: stack.appErrors(),
      table: rows,
      missed: missed.map((row) => row.metric),
    }
    mkdirSync('bench/results', { recursive: true })
    const file = path.join(
      'bench/results',
      `bench-${startedAt.toISOString().replace(/:/g, '-')}.json`,
    )
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n')
    log(`\nFull results: ${file} (${result.durationSeconds} s)`)
    if (config.showAppLog) log(stack.appLog().join('\n'))
  } finally {
    await drizzle.sql.end({ timeout: 5 })
    await sql.end({ timeout: 5 })
  }
}

/**
 * The most four workers can gain over one on this machine, from the CPU both passes spent
 * per renewal (bench process + PostgreSQL): one worker keeps `busy1` cores busy, and no pass
 * can keep more than every core busy. Above 2× only when a renewal costs less CPU with more
 * workers (bench/README §4).
 */
function renewalSpeedupCeiling(one: RenewalsResult, many: RenewalsResult, cores: number): number {
  const cpuPerRenewal = (pass: RenewalsResult) =>
    pass.workerCpuMsPerRenewal + pass.postgresCpuMsPerRenewal
  const busy1 = (one.machineBusyPercent / 100) * cores
  return (cores * cpuPerRenewal(one)) / (busy1 * cpuPerRenewal(many))
}

function creditRow(cell: CreditCell, users: number): Row {
  const target = cell.target === 'hot' ? TARGETS.ratioHot : TARGETS.ratioUsers
  const who = cell.target === 'hot' ? 'one hot user' : `${fmt(users)} users`
  return {
    metric: `Credit ops/s, ${who}, ${cell.concurrency} clients (API vs raw SQL)`,
    value:
      `${fmt(cell.api.opsPerSecond)} vs ${fmt(cell.raw.opsPerSecond)} ` +
      `(app ${((cell.api.cpu.appCpuSeconds * 1000) / Math.max(1, cell.api.ops)).toFixed(1)} ms CPU/op)`,
    target: `≥ ${target}×`,
    pass: cell.api.errors === 0 && cell.raw.errors === 0 && cell.ratio >= target,
    ratio: `${cell.ratio.toFixed(2)}×`,
  }
}

/** The app's CPU per credit operation beside the raw-SQL client's, in the same cell. */
function creditCpuRow(cell: CreditCell, users: number): Row {
  const who = cell.target === 'hot' ? 'one hot user' : `${fmt(users)} users`
  const { appMs, rawClientMs, ratio } = cell.cpuPerOp
  const over = ratio - TARGETS.cpuRatio
  return {
    metric: `CPU per credit op, ${who}, ${cell.concurrency} clients (app vs raw-SQL client)`,
    value:
      `${appMs.toFixed(2)} vs ${rawClientMs.toFixed(2)} ms` +
      (over > 0
        ? ` (over by ${over.toFixed(2)}×, ${(appMs - TARGETS.cpuRatio * rawClientMs).toFixed(2)} ms/op)`
        : ''),
    target: `≤ ${TARGETS.cpuRatio}×`,
    pass: cell.api.errors === 0 && cell.raw.errors === 0 && ratio <= TARGETS.cpuRatio,
    ratio: `${ratio.toFixed(2)}×`,
  }
}

function printTable(rows: Row[]) {
  const header = ['Metric', 'Value', 'Target', 'Result', 'Ratio']
  const cells = rows.map((row) => [
    row.metric,
    row.value,
    row.target,
    row.pass === null ? 'info' : row.pass ? 'pass' : '**MISSED**',
    row.ratio,
  ])
  log('')
  log(`| ${header.join(' | ')} |`)
  log(`|${header.map(() => '---').join('|')}|`)
  for (const line of cells) log(`| ${line.join(' | ')} |`)
}

try {
  await main()
  await shutdown(0)
} catch (error) {
  console.error('\nThe benchmark could not run:', error)
  await shutdown(1)
}
