import { and, asc, eq, inArray } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import {
  services,
  userCredits,
  type BillingCycle,
  type ProductFamily,
  type Service,
  type ServiceStatus,
} from '#db/schema/index.ts'
import { isAppError, type AppErrorCode } from '#server/errors.ts'
import { deliverDueEvents } from '#server/services/provisioning/deliver-due-events.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { provisionService } from '#server/services/provisioning/provision-service.ts'
import {
  changeServicePriceByAdmin,
  extendServiceByAdmin,
  suspendServiceByAdmin,
  terminateServiceByAdmin,
  unsuspendServiceByAdmin,
} from '#server/services/services/admin-services.ts'
import {
  cancelService,
  resumeService,
  setAutoRenew,
} from '#server/services/services/cancel-service.ts'
import { changeService, previewServiceChange } from '#server/services/services/change-service.ts'
import { orderService } from '#server/services/services/order-service.ts'
import {
  adjustmentOp,
  amountCents,
  minutes,
  next,
  NONE,
  pickPool,
  remember,
  startIndex,
  userId,
  type Op,
  type RunContext,
} from './ops.ts'
import type { Pool, Product } from './world.ts'
import { WEBHOOK_SECRET } from './world.ts'

/**
 * The services engine beyond DNS plans: dedicated servers ordered for a cycle with a setup fee,
 * provisioned by hand, changed (upgrade now with a quote, downgrade or cycle change at the
 * period end), cancelled and resumed (paying an overdue renewal), the admin's service actions
 * on either family, and the provisioning outbox delivered to the run's webhook receiver.
 * As in ops.ts, every random choice is drawn when the operation is generated; which service an
 * operation finds depends on the interleaving (none: 'skip').
 */

const SERVICE_ERRORS: readonly AppErrorCode[] = [
  'INSUFFICIENT_CREDITS',
  'CONFLICT',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'RATE_LIMITED',
]
const CYCLES = [
  ['monthly', 6],
  ['quarterly', 2],
  ['yearly', 1],
] as const satisfies readonly (readonly [BillingCycle, number])[]

/** The worker's timeout in the run: short, so a delayed answer is sometimes a failed attempt. */
const DELIVERY_TIMEOUT_MS = 150

export const endpointFor = (url: string) => (family: ProductFamily) =>
  family === 'dns' ? { url, secret: WEBHOOK_SECRET } : null

/** The run's services (of a family, in given statuses), oldest first. */
export async function runServices(
  db: Db,
  ctx: RunContext,
  filter: { family?: ProductFamily; statuses?: readonly ServiceStatus[] } = {},
): Promise<Service[]> {
  return db
    .select()
    .from(services)
    .where(
      and(
        inArray(
          services.userId,
          ctx.users.map((u) => u.id),
        ),
        filter.family ? eq(services.family, filter.family) : undefined,
        filter.statuses ? inArray(services.status, [...filter.statuses]) : undefined,
      ),
    )
    .orderBy(asc(services.id))
}

/** The service at `start` (cyclically) among those matching, or undefined. */
async function pickService(
  db: Db,
  ctx: RunContext,
  start: number,
  filter: Parameters<typeof runServices>[2],
): Promise<Service | undefined> {
  const rows = await runServices(db, ctx, filter)
  return rows.length === 0 ? undefined : rows[start % rows.length]
}

function recordAction(ctx: RunContext, serviceId: number, action: string) {
  let actions = ctx.serviceActions.get(serviceId)
  if (!actions) ctx.serviceActions.set(serviceId, (actions = new Map<string, number>()))
  actions.set(action, (actions.get(action) ?? 0) + 1)
}

const pickDedicated = (ctx: RunContext): Product => ctx.rng.pick(ctx.world.dedicated)

// ---------------------------------------------------------------- customers

/** The first user from `start` on whose balance covers `cents`, else the one at `start`. */
async function userWhoCanAfford(db: Db, ctx: RunContext, start: number, cents: number) {
  const wallets = await db
    .select({ userId: userCredits.userId, cents: userCredits.balanceCents })
    .from(userCredits)
    .where(
      inArray(
        userCredits.userId,
        ctx.users.map((u) => u.id),
      ),
    )
  for (let i = 0; i < ctx.users.length; i++) {
    const id = userId(ctx, start + i)
    if ((wallets.find((w) => w.userId === id)?.cents ?? 0) >= cents) return id
  }
  return userId(ctx, start)
}

function orderOp(
  ctx: RunContext,
  start: number,
  product: Product,
  cycle: BillingCycle,
  key: string | undefined,
  name: string,
): Op {
  const pool = pickPool(ctx)
  // Mostly a customer who can pay (someone else would only hear 402), sometimes anyone.
  const solvent = ctx.rng.chance(0.8)
  // Most of the time an admin picks the new server up from the queue at once.
  const provisionSoon = ctx.rng.chance(0.7)
  const reason = `simulated provision #${next(ctx)}`
  return {
    name,
    allowed: SERVICE_ERRORS,
    run: async (note) => {
      const cost = (product.prices[cycle] ?? 0) + product.setupFeeCents
      const view = await orderService(pool.db, {
        userId: solvent ? await userWhoCanAfford(pool.db, ctx, start, cost) : userId(ctx, start),
        productId: product.id,
        cycle,
        idempotencyKey: key,
        now: ctx.now,
      })
      note(`service ${view.id} ${product.slug} ${cycle}`)
      if (!provisionSoon || view.status !== 'pending') return `ok:${view.status}`
      const service = (await runServices(pool.db, ctx)).find((s) => s.id === view.id)!
      return runAdminAction(pool.db, ctx, service, 'provision', { days: 1, priceCents: 1, reason })
    },
  }
}

/** An order (sometimes the same keyed order twice at once: a double click). */
function opsOrder(ctx: RunContext): Op[] {
  const start = ctx.rng.int(0, ctx.users.length - 1)
  const product = pickDedicated(ctx)
  const cycle = ctx.rng.weighted(CYCLES)
  const burst = ctx.rng.chance(0.2)
  const key = burst || ctx.rng.chance(0.4) ? `sim-${ctx.seed}-ds-${next(ctx)}` : undefined
  if (burst) return [0, 1].map(() => orderOp(ctx, start, product, cycle, key, 'ds.order-burst'))
  return [orderOp(ctx, start, product, cycle, key, `ds.order-${key ? 'keyed' : 'no-key'}`)]
}

/** After the opening funds: some customers order a server at once (so later ops find one). */
export function openingOrders(ctx: RunContext): Op[] {
  const ops: Op[] = []
  for (let start = 0; start < ctx.users.length; start++) {
    if (!ctx.rng.chance(0.4)) continue
    const cycle = ctx.rng.weighted(CYCLES)
    ops.push(orderOp(ctx, start, pickDedicated(ctx), cycle, undefined, 'ds.opening-order'))
  }
  return ops
}

/** Enough credits for a server (an admin's grant standing in for a top-up). */
function opFund(ctx: RunContext): Op {
  const record = {
    userIdx: ctx.rng.int(0, ctx.users.length - 1),
    direction: 'add' as const,
    amount: ctx.rng.chance(0.3)
      ? amountCents(ctx, 100_000, 300_000)
      : amountCents(ctx, 15_000, 60_000),
    reason: `simulated server funds #${next(ctx)}`,
    key: undefined,
  }
  return adjustmentOp(ctx, record, 'ds.fund')
}

/**
 * A server's customer spends their credits elsewhere (an admin's removal stands in), keeping
 * less than a renewal: the next renewal goes unpaid (past due, suspended, terminated).
 */
function opDrain(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const keep = amountCents(ctx, 0, 5_000)
  const reason = `simulated spending elsewhere #${next(ctx)}`
  const pool = pickPool(ctx)
  return {
    name: 'ds.customer-drains-credits',
    allowed: ['INSUFFICIENT_CREDITS'],
    run: async (note) => {
      const service = await pickService(pool.db, ctx, start, {
        family: 'dedicated_server',
        statuses: ['pending', 'active', 'past_due', 'suspended'],
      })
      if (!service) return 'skip'
      const [wallet] = await pool.db
        .select({ cents: userCredits.balanceCents })
        .from(userCredits)
        .where(eq(userCredits.userId, service.userId))
      const amount = Math.min((wallet?.cents ?? 0) - keep, 1_000_000)
      if (amount <= 0) return 'skip'
      note(`user ${service.userId} of service ${service.id}: removes ${amount}, keeps ${keep}`)
      const result = await adjustCreditsByAdmin(pool.db, {
        userId: service.userId,
        amount,
        reason,
        direction: 'remove',
        admin: { id: ctx.admin.id, name: ctx.admin.name },
      })
      remember(
        ctx,
        ctx.users.findIndex((u) => u.id === service.userId),
        result.entry.id,
      )
      return 'ok'
    },
  }
}

/**
 * Preview (a quote), then change, maybe confirming minutes later with the quote: an upgrade
 * (the dearest server in the same cycle), a downgrade (the cheapest), another cycle of the same
 * server, or any target.
 */
function opChange(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const mode = ctx.rng.weighted([
    ['upgrade', 4],
    ['downgrade', 2],
    ['cycle', 2],
    ['any', 1],
  ] as const)
  const anyProduct = pickDedicated(ctx)
  const anyCycle = ctx.rng.weighted(CYCLES)
  const withQuote = ctx.rng.chance(0.6)
  const confirmAfter = ctx.rng.int(0, 14)
  const pool = pickPool(ctx)
  return {
    name: `ds.${mode === 'any' ? 'change' : mode}${withQuote ? '-with-quote' : ''}`,
    allowed: SERVICE_ERRORS,
    run: async (note) => {
      const service = await pickService(pool.db, ctx, start, {
        family: 'dedicated_server',
        statuses: ['active'],
      })
      if (!service) return 'skip'
      const byPrice = ctx.world.dedicated
        .filter((p) => p.prices[service.cycle] !== undefined)
        .sort((a, b) => a.prices[service.cycle]! - b.prices[service.cycle]!)
      const current = ctx.world.products.get(service.productId)!
      const otherCycle = (['monthly', 'quarterly', 'yearly'] as const).find(
        (c) => c !== service.cycle && current.prices[c] !== undefined,
      )
      const [productId, cycle] =
        mode === 'upgrade'
          ? [byPrice[byPrice.length - 1]!.id, undefined]
          : mode === 'downgrade'
            ? [byPrice[0]!.id, undefined]
            : mode === 'cycle'
              ? [current.id, otherCycle]
              : [anyProduct.id, anyCycle]
      const target = { userId: service.userId, serviceId: service.id, productId, cycle }
      note(
        `service ${service.id} ${current.slug} ${service.cycle} → ${productId} ${cycle ?? '(same cycle)'}`,
      )
      let quote: string | undefined
      if (withQuote) {
        quote =
          (await previewServiceChange(pool.db, { ...target, now: ctx.now })).quote ?? undefined
      }
      const result = await changeService(pool.db, {
        ...target,
        quote,
        now: minutes(ctx.now, withQuote ? confirmAfter : 0),
      })
      return `ok:${result.kind}`
    },
  }
}

/** Cancel (auto-renew off), or undo it; resuming an overdue service pays it now. */
function opCancelOrResume(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const action = ctx.rng.weighted([
    ['cancel', 3],
    ['auto-renew-off', 1],
    ['resume', 2],
    ['resume-no-pay', 1],
  ] as const)
  const pool = pickPool(ctx)
  return {
    name: `ds.${action}`,
    allowed: SERVICE_ERRORS,
    run: async (note) => {
      const service = await pickService(pool.db, ctx, start, {
        family: 'dedicated_server',
        statuses: ['pending', 'active', 'past_due', 'suspended'],
      })
      if (!service) return 'skip'
      note(`service ${service.id} (${service.status})`)
      const input = { userId: service.userId, serviceId: service.id }
      const paidUpSuspension = service.status === 'suspended' && service.currentPeriodEnd > ctx.now
      if (action === 'resume' && paidUpSuspension) {
        // Nothing is due, so paying cannot lift it (an admin's suspension): a 409, not a 402.
        try {
          return `ok:${(await resumeService(pool.db, { ...input, now: ctx.now })).status}`
        } catch (error) {
          if (isAppError(error) && error.code === 'CONFLICT') return 'refused:admin-suspension'
          throw error
        }
      }
      const view =
        action === 'cancel'
          ? await cancelService(pool.db, input)
          : action === 'auto-renew-off'
            ? await setAutoRenew(pool.db, { ...input, autoRenew: false })
            : await resumeService(pool.db, {
                ...input,
                payNow: action === 'resume',
                now: ctx.now,
              })
      return `ok:${view.status}`
    },
  }
}

/** The customer of an overdue service (either family) adds credits, then pays now. */
function opTopUpAndResume(ctx: RunContext): Op {
  const start = startIndex(ctx)
  const extra = amountCents(ctx, 0, 5_000)
  const short = ctx.rng.chance(0.15)
  const reason = `simulated top-up to resume #${next(ctx)}`
  const pool = pickPool(ctx)
  return {
    name: short ? 'service.topup-too-little-and-resume' : 'service.topup-and-resume',
    allowed: SERVICE_ERRORS,
    run: async (note) => {
      const service = await pickService(pool.db, ctx, start, {
        statuses: ['past_due', 'suspended'],
      })
      if (!service) return 'skip'
      const due = service.nextRecurringPriceCents ?? service.recurringPriceCents
      const amount = short ? Math.max(1, Math.floor(due / 3)) : due + extra
      note(
        `service ${service.id} (${service.family} ${service.status}, due ${due}, adds ${amount})`,
      )
      const user = ctx.users.find((u) => u.id === service.userId)!
      const result = await adjustCreditsByAdmin(pool.db, {
        userId: user.id,
        amount,
        reason,
        direction: 'add',
        admin: { id: ctx.admin.id, name: ctx.admin.name },
      })
      remember(ctx, ctx.users.indexOf(user), result.entry.id)
      const resume = resumeService(pool.db, {
        userId: service.userId,
        serviceId: service.id,
        now: ctx.now,
      })
      if (service.status === 'suspended' && service.currentPeriodEnd > ctx.now) {
        // Suspended by an admin with nothing due: see opCancelOrResume.
        return resume.then(
          (view) => `ok:${view.status}`,
          (error: unknown) => {
            if (isAppError(error) && error.code === 'CONFLICT') return 'refused:admin-suspension'
            throw error
          },
        )
      }
      return `ok:${(await resume).status}`
    },
  }
}

// ---------------------------------------------------------------- admins

type AdminAction = 'provision' | 'suspend' | 'unsuspend' | 'terminate' | 'extend' | 'change_price'

/** Statuses an action is meant for (others are tried now and then: a 409 is the answer). */
const ACTS_ON: Record<AdminAction, readonly ServiceStatus[]> = {
  provision: ['pending'],
  suspend: ['active', 'past_due'],
  unsuspend: ['suspended'],
  terminate: ['pending', 'active', 'past_due', 'suspended'],
  extend: ['pending', 'active', 'past_due', 'suspended'],
  change_price: ['pending', 'active', 'past_due', 'suspended'],
}

export async function runAdminAction(
  db: Db,
  ctx: RunContext,
  service: Service,
  action: AdminAction,
  params: { days: number; priceCents: number; reason: string },
): Promise<string> {
  const input = {
    serviceId: service.id,
    adminId: ctx.admin.id,
    reason: params.reason,
    now: ctx.now,
  }
  let status: string
  switch (action) {
    case 'provision': {
      await provisionService(db, {
        serviceId: service.id,
        hostname: `ds-${service.id}.sim.example`,
        ipAddress: `203.0.113.${service.id % 250}`,
        notes: '',
        reason: input.reason,
        adminUserId: ctx.admin.id,
      })
      status = 'active'
      break
    }
    case 'suspend':
      status = (await suspendServiceByAdmin(db, input)).status
      break
    case 'unsuspend':
      status = (await unsuspendServiceByAdmin(db, input)).status
      break
    case 'terminate':
      status = (await terminateServiceByAdmin(db, input)).status
      break
    case 'extend':
      status = (await extendServiceByAdmin(db, { ...input, days: params.days })).status
      break
    case 'change_price':
      status = (await changeServicePriceByAdmin(db, { ...input, priceCents: params.priceCents }))
        .status
      break
  }
  recordAction(ctx, service.id, `service.${action}`)
  return `ok:${status}`
}

/** An admin acts on one of the run's services; sometimes two admins act on it at once. */
function opsAdmin(ctx: RunContext): Op[] {
  const action = ctx.rng.weighted([
    ['provision', 5],
    ['suspend', 3],
    ['unsuspend', 3],
    ['terminate', 1],
    ['extend', 2],
    ['change_price', 2],
  ] as const)
  const start = startIndex(ctx)
  const fitting = ctx.rng.chance(0.85)
  const dedicatedOnly = action === 'provision' || ctx.rng.chance(0.7)
  const params = {
    days: ctx.rng.int(1, 40),
    priceCents: amountCents(ctx, 500, 40_000),
    reason: `simulated ${action} #${next(ctx)}`,
  }
  const copies = ctx.rng.chance(0.15) ? 2 : 1
  const pools: Pool[] = Array.from({ length: copies }, () => pickPool(ctx))
  return pools.map((pool) => ({
    name: `admin.service-${action}${copies > 1 ? '-twice' : ''}`,
    allowed: ['CONFLICT', 'NOT_FOUND'],
    run: async (note) => {
      const service = await pickService(pool.db, ctx, start, {
        ...(dedicatedOnly ? { family: 'dedicated_server' as const } : {}),
        ...(fitting ? { statuses: ACTS_ON[action] } : {}),
      })
      if (!service) return 'skip'
      note(`service ${service.id} (${service.family} ${service.status})`)
      return runAdminAction(pool.db, ctx, service, action, params)
    },
  }))
}

// ---------------------------------------------------------------- provisioning worker

/**
 * The provisioning worker's sweep (sometimes two workers at once), at a clock up to 90
 * minutes ahead so that backed-off retries come due, against the run's faulty receiver.
 */
function opsDeliver(ctx: RunContext): Op[] {
  const copies = ctx.rng.chance(0.3) ? 2 : 1
  const ahead = ctx.rng.int(0, 90)
  return Array.from({ length: copies }, () => {
    const pool = pickPool(ctx)
    return {
      name: copies > 1 ? 'events.deliver-two-workers' : 'events.deliver',
      allowed: NONE,
      run: async () => {
        const counts = await deliverDueEvents(pool.db, {
          now: new Date(Date.now() + ahead * 60_000),
          batch: 20,
          endpointFor: endpointFor(ctx.world.receiver.url),
          timeoutMs: DELIVERY_TIMEOUT_MS,
        })
        if (counts.failed > 0) return 'ok:gave-up'
        return counts.delivered + counts.retrying > 0 ? 'ok:worked' : 'ok:idle'
      },
    }
  })
}

export type ServiceKind =
  | 'ds-order'
  | 'ds-fund'
  | 'ds-drain'
  | 'ds-change'
  | 'ds-cancel'
  | 'ds-resume-topup'
  | 'ds-admin'
  | 'events-deliver'

export const SERVICE_WEIGHTS: readonly (readonly [ServiceKind, number])[] = [
  ['ds-order', 5],
  ['ds-fund', 3],
  ['ds-drain', 2],
  ['ds-change', 4],
  ['ds-cancel', 2],
  ['ds-resume-topup', 2],
  ['ds-admin', 6],
  ['events-deliver', 4],
]

export function serviceOpsOf(ctx: RunContext, kind: ServiceKind): Op[] {
  switch (kind) {
    case 'ds-order':
      return opsOrder(ctx)
    case 'ds-fund':
      return [opFund(ctx)]
    case 'ds-drain':
      return [opDrain(ctx)]
    case 'ds-change':
      return [opChange(ctx)]
    case 'ds-cancel':
      return [opCancelOrResume(ctx)]
    case 'ds-resume-topup':
      return [opTopUpAndResume(ctx)]
    case 'ds-admin':
      return opsAdmin(ctx)
    case 'events-deliver':
      return opsDeliver(ctx)
  }
}
