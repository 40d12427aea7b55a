import { and, inArray, sql } from 'drizzle-orm'
import { db } from '#db/client.ts'
import { topups } from '#db/schema/index.ts'
import { isAppError } from '#server/errors.ts'
import { runRenewals } from '#server/services/dns-plans/run-renewals.ts'
import { deliverDueEvents } from '#server/services/provisioning/deliver-due-events.ts'
import { cancelService } from '#server/services/services/cancel-service.ts'
import { reconcileTopupRefunds } from '#server/services/payments/reconcile-refunds.ts'
import { reconcileTopups } from '#server/services/payments/reconcile-topups.ts'
import { replayCommand } from './config.ts'
import {
  captureEvent,
  captureStateOf,
  clearPayPalFailures,
  clearVirtFusionFlags,
  deliverWebhook,
  resetFakesForRun,
} from './fakes.ts'
import {
  checkInvariants,
  KNOWN_BUGS,
  openWork,
  type InvariantReport,
  type KnownBug,
} from './invariants.ts'
import {
  advanceClock,
  fundingBatch,
  nextBatch,
  type Op,
  type RunContext,
  type Stats,
} from './ops.ts'
import { createRng } from './rng.ts'
import { checkLiveServices } from './service-invariants.ts'
import { endpointFor, openingOrders, runAdminAction, runServices } from './services-ops.ts'
import { createSimUsers, receiverFaults, type World } from './world.ts'

/**
 * One simulated run: fresh users and admin, fresh fakes, a random sequence of batches of
 * concurrent operations at an advancing simulated time, a quiescing step that lets every
 * worker finish, then the invariants. Throws SimulationFailure (with the seed and the
 * replay command) on an unexpected error or a violated invariant.
 */

export class SimulationFailure extends Error {
  override name = 'SimulationFailure'
}

export type RunSummary = {
  seed: number
  batches: number
  ops: number
  ms: number
  phases: { setup: number; operations: number; quiesce: number; checks: number }
  counts: InvariantReport['counts']
  /** Violations of known bugs that SIM_TOLERATE let pass, by bug. */
  tolerated: Partial<Record<KnownBug, number>>
}

/** SIM_TOLERATE=<known bug>,... (or "all"): report those violations without failing the run. */
export function toleratedBugs(env: NodeJS.ProcessEnv = process.env): Set<KnownBug> {
  const names = (env.SIM_TOLERATE ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
  const known = Object.keys(KNOWN_BUGS) as KnownBug[]
  if (names.includes('all')) return new Set(known)
  for (const name of names) {
    if (!known.includes(name as KnownBug))
      throw new Error(`SIM_TOLERATE: unknown bug "${name}" (known: ${known.join(', ')}, all)`)
  }
  return new Set(names as KnownBug[])
}
const TOLERATED = toleratedBugs()

const DAY_MS = 24 * 60 * 60 * 1000

function describeError(error: unknown): string {
  if (isAppError(error)) return `AppError ${error.code}: ${error.message}`
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ''
    return `${error.name}: ${error.message}${cause}\n${error.stack?.split('\n').slice(1, 8).join('\n') ?? ''}`
  }
  return String(error)
}

function count(stats: Stats, op: string, outcome: string) {
  let byOutcome = stats.get(op)
  if (!byOutcome) stats.set(op, (byOutcome = new Map<string, number>()))
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1)
}

async function executeBatch(ctx: RunContext, ops: Op[], label: string): Promise<void> {
  const details = ops.map(() => [] as string[])
  const results = await Promise.allSettled(
    ops.map((op, index) => op.run((detail) => details[index]!.push(detail))),
  )
  const unexpected: string[] = []
  results.forEach((result, index) => {
    const op = ops[index]!
    let outcome: string
    if (result.status === 'fulfilled') outcome = result.value
    else if (isAppError(result.reason) && op.allowed.includes(result.reason.code))
      outcome = result.reason.code
    else {
      outcome = 'UNEXPECTED'
      unexpected.push(`${op.name} (${details[index]!.join(', ')}): ${describeError(result.reason)}`)
    }
    count(ctx.stats, op.name, outcome.split(':').slice(0, 2).join(':'))
    const detail = details[index]!.length > 0 ? ` (${details[index]!.join(', ')})` : ''
    ctx.log.push(`${label} ${op.name}${detail} → ${outcome}`)
  })
  if (unexpected.length > 0) {
    throw new SimulationFailure(`unexpected error(s) in ${label}:\n${unexpected.join('\n')}`)
  }
}

async function settlePendingCaptures(ctx: RunContext): Promise<void> {
  for (const slot of ctx.topups) {
    if (!slot.orderId || captureStateOf(slot.orderId) !== 'PENDING') continue
    const type = ctx.rng.chance(0.75) ? 'PAYMENT.CAPTURE.COMPLETED' : 'PAYMENT.CAPTURE.DENIED'
    const outcome = await deliverWebhook(captureEvent(type, slot.orderId), {
      route: false,
      db,
      providers: ctx.world.providers,
    })
    ctx.log.push(`quiesce ${type} ${slot.orderId} → ${outcome}`)
  }
}

/** Everything in flight finishes: VirtFusion back, PayPal decides pending captures, workers run. */
async function quiesce(ctx: RunContext): Promise<void> {
  const ids = ctx.users.map((u) => u.id)
  ctx.outage = false
  clearVirtFusionFlags()
  clearPayPalFailures()

  let open = Infinity
  for (let round = 0; round < 8 && open > 0; round++) {
    // PayPal decides every pending capture (a re-capture in the previous round may have made one).
    await settlePendingCaptures(ctx)
    // Time passes: webhooks that never came are looked up, unapproved orders expire,
    // abandoned claims go stale, backed-off deliveries come due.
    await db
      .update(topups)
      .set({
        updatedAt: sql`now() - interval '11 minutes'`,
        createdAt: sql`least(${topups.createdAt}, now() - interval '4 hours')`,
      })
      .where(and(inArray(topups.userId, ids), inArray(topups.status, ['created', 'pending'])))
    await db
      .update(topups)
      .set({ claimedAt: sql`now() - interval '15 minutes'` })
      .where(and(inArray(topups.userId, ids), inArray(topups.status, ['capturing', 'delivering'])))
    await db
      .update(topups)
      .set({ nextDeliveryAt: sql`now()` })
      .where(and(inArray(topups.userId, ids), inArray(topups.status, ['captured'])))
    const report = await reconcileTopups(db, ctx.world.providers)
    open = await openWork(db, ids)
    ctx.log.push(`quiesce reconcile round ${round} → ${JSON.stringify(report)} open=${open}`)
  }
  // The daily refund reconciliation, for this run's captures (the job's per-capture step):
  // refunds whose webhook was refused or never sent are applied now.
  const captured = await db
    .select()
    .from(topups)
    .where(and(inArray(topups.userId, ids), sql`${topups.paypalCaptureId} is not null`))
  for (const topup of captured) {
    if (topup.status === 'failed') continue
    const applied = await reconcileTopupRefunds(db, ctx.world.providers, topup, 'reconciliation')
    if (applied.length > 0) ctx.log.push(`quiesce refunds ${topup.id} → ${JSON.stringify(applied)}`)
  }
  // A refund may have cancelled a delivered credit: the cancellation job runs.
  await reconcileTopups(db, ctx.world.providers)

  // Services, checked while live: each is paid for its current period.
  ctx.violations.push(
    ...(await checkLiveServices(db, {
      userIds: ids,
      actions: ctx.serviceActions,
      products: ctx.world.products,
    })),
  )
  // Then they end: an admin provisions or terminates each server still pending, every live
  // service is cancelled, and a renewal pass after its period end ends it.
  for (const service of await runServices(db, ctx, { statuses: ['pending'] })) {
    const action = ctx.rng.chance(0.6) ? 'provision' : 'terminate'
    const outcome = await runAdminAction(db, ctx, service, action, {
      days: 1,
      priceCents: 1,
      reason: `quiescing: ${action}`,
    })
    ctx.log.push(`quiesce ${action} service ${service.id} → ${outcome}`)
  }
  const live = await runServices(db, ctx, { statuses: ['active', 'past_due', 'suspended'] })
  if (live.length > 0) {
    for (const service of live)
      await cancelService(db, { userId: service.userId, serviceId: service.id })
    const latest = Math.max(...live.map((s) => s.currentPeriodEnd.getTime()), ctx.now.getTime())
    const report = await runRenewals(db, { now: new Date(latest + DAY_MS) })
    ctx.log.push(`quiesce end services → ${JSON.stringify(report)}`)
  }
  // The receiver is healthy again and the provisioning worker, hours later (every backed-off
  // retry due, well within the 3-day window), delivers whatever is pending.
  ctx.world.receiver.faults = null
  for (let round = 0; round < 20; round++) {
    const counts = await deliverDueEvents(db, {
      now: new Date(Date.now() + 2 * 3_600_000),
      batch: 200,
      endpointFor: endpointFor(ctx.world.receiver.url),
      timeoutMs: 5_000,
    })
    ctx.log.push(`quiesce deliver events round ${round} → ${JSON.stringify(counts)}`)
    if (counts.delivered + counts.retrying + counts.failed === 0) break
  }
}

export async function runSimulation(seed: number, world: World, stats: Stats): Promise<RunSummary> {
  const started = performance.now()
  const rng = createRng(seed)
  resetFakesForRun()
  world.receiver.faults = receiverFaults(seed)
  const receivedFrom = world.receiver.received.length
  const userCount = rng.int(3, 5)
  const [admin] = await createSimUsers(db, 1, String(seed), 'admin')
  const users = await createSimUsers(db, userCount, String(seed))
  // Each run bills in its own stretch of simulated time (2030-2045), starting at a random minute.
  const now = new Date(Date.UTC(2030, 0, 1) + rng.int(0, 15 * 365 * 24 * 60) * 60_000)
  const ctx: RunContext = {
    seed,
    rng,
    world,
    users,
    admin: admin!,
    now,
    batch: 0,
    outage: false,
    topups: [],
    adminKeys: [],
    purchaseKeys: [],
    quotes: [],
    events: [],
    adminEntryIds: new Map(),
    counter: 0,
    log: [],
    violations: [],
    serviceActions: new Map(),
    stats,
  }

  const header = () =>
    `seed ${seed}: replay with\n  ${replayCommand(seed)}\nusers ${users.map((u) => u.id).join(', ')}, admin ${admin!.id}`
  const tail = () => ctx.log.slice(-80).join('\n')

  let batches = 0
  let opCount = 0
  const setupDone = performance.now()
  let operationsDone = setupDone
  try {
    const opening = fundingBatch(ctx)
    opCount += opening.length
    await executeBatch(ctx, opening, 'b0')
    const orders = openingOrders(ctx)
    opCount += orders.length
    await executeBatch(ctx, orders, 'b0 orders')
    const batchCount = rng.int(10, 16)
    for (let batch = 1; batch <= batchCount; batch++) {
      ctx.batch = batch
      const ops = nextBatch(ctx)
      opCount += ops.length
      await executeBatch(ctx, ops, `b${batch} @${ctx.now.toISOString().slice(0, 16)}`)
      advanceClock(ctx)
      batches = batch
    }
    operationsDone = performance.now()
    await quiesce(ctx)
  } catch (error) {
    const detail = error instanceof SimulationFailure ? error.message : describeError(error)
    throw new SimulationFailure(`${header()}\n${detail}\n--- operations (last 80) ---\n${tail()}`, {
      cause: error,
    })
  }

  const quiesced = performance.now()
  const report = await checkInvariants(db, {
    userIds: users.map((u) => u.id),
    adminEntryIds: ctx.adminEntryIds,
    products: world.products,
    actions: ctx.serviceActions,
    received: world.receiver.received.slice(receivedFrom),
    paypal: new Map(
      ctx.topups
        .filter((slot) => slot.topupId !== undefined && slot.orderId !== undefined)
        .map((slot) => [
          slot.topupId!,
          {
            captureState: captureStateOf(slot.orderId!),
            refundedCents: slot.paypalRefundedCents,
          },
        ]),
    ),
  })
  const tolerated: RunSummary['tolerated'] = {}
  const failing = [...ctx.violations, ...report.violations].filter((v) => {
    if (!v.knownBug || !TOLERATED.has(v.knownBug)) return true
    tolerated[v.knownBug] = (tolerated[v.knownBug] ?? 0) + 1
    return false
  })
  if (failing.length > 0) {
    const lines = failing
      .slice(0, 30)
      .map((v) =>
        v.knownBug
          ? `${v.message}\n    [known bug ${v.knownBug}: ${KNOWN_BUGS[v.knownBug]}]`
          : v.message,
      )
    throw new SimulationFailure(
      `${header()}\n${failing.length} invariant violation(s):\n  ${lines.join('\n  ')}\n--- operations (last 80) ---\n${tail()}`,
    )
  }
  const finished = performance.now()
  return {
    seed,
    batches,
    ops: opCount,
    ms: finished - started,
    phases: {
      setup: setupDone - started,
      operations: operationsDone - setupDone,
      quiesce: quiesced - operationsDone,
      checks: finished - quiesced,
    },
    counts: report.counts,
    tolerated,
  }
}
