import { asc, inArray, like, and } from 'drizzle-orm'
import type { Db } from '#db/client.ts'
import {
  adminAuditLog,
  serviceCharges,
  serviceEventDeliveries,
  serviceEvents,
  serviceRefunds,
  services,
  type Service,
  type ServiceCharge,
  type ServiceEvent,
  type ServiceEventType,
} from '#db/schema/index.ts'
import type { ReceivedWebhook } from '#tests/helpers/webhook-receiver.ts'
import type { Violation } from './invariants.ts'
import type { Product } from './world.ts'

/**
 * The services engine's invariants beyond the ledger (invariants.ts has the money ones):
 *  (6) while live, every service is paid for its current period: one purchase or renewal
 *      charge starts it (ending with it, unless an admin extended it), the product and cycle
 *      in effect are the ones last charged, a server's setup fee was charged once;
 *  (7) the provisioning outbox says what happened: per service, its events form a valid
 *      lifecycle (activated first, unsuspended only after suspended, nothing after the end)
 *      that ends in the service's status; each snapshot's status fits its type; upgrades,
 *      plan changes at renewal, and the admin's actions (which must be exactly those the
 *      simulator made) each have exactly one event;
 *  (8) webhook delivery: every event of the webhook family was delivered and every other one
 *      never sent; each delivery reached the receiver signed as documented, under the event's
 *      id, with the same body every time (duplicates included); a service's events first
 *      arrived in the order they were written; the attempt log matches the attempts;
 *  (9) admin refunds of a charge never exceed it and add up to what the charge records.
 */

export type Actions = Map<number, Map<string, number>>

const iso = (date: Date) => date.toISOString()
const BASE_KINDS: ReadonlySet<string> = new Set(['purchase', 'renewal'])
const LIVE: ReadonlySet<string> = new Set(['pending', 'active', 'past_due', 'suspended'])
const extended = (actions: Actions, serviceId: number) =>
  (actions.get(serviceId)?.get('service.extend') ?? 0) > 0

/** (6), on the services still live (run before the quiescing step ends them). */
export async function checkLiveServices(
  db: Db,
  input: { userIds: number[]; actions: Actions; products: Map<number, Product> },
): Promise<Violation[]> {
  const violations: Violation[] = []
  const fail = (message: string) => violations.push({ message })
  const rows = await db
    .select()
    .from(services)
    .where(inArray(services.userId, input.userIds))
    .orderBy(asc(services.id))
  const live = rows.filter((s) => LIVE.has(s.status))
  if (live.length === 0) return violations
  const charges = await chargesOf(
    db,
    live.map((s) => s.id),
  )
  for (const service of live) {
    const own = charges.filter((c) => c.serviceId === service.id)
    const label = `live service ${service.id} (${service.family} ${service.status})`
    const current = own.filter(
      (c) => BASE_KINDS.has(c.kind) && iso(c.periodStart) === iso(service.currentPeriodStart),
    )
    if (current.length !== 1) {
      fail(
        `${label}: ${current.length} purchase/renewal charges for its current period from ${iso(service.currentPeriodStart)} (charges: ${describe(own)})`,
      )
      continue
    }
    const paid = current[0]!
    const end = iso(service.currentPeriodEnd)
    if (
      iso(paid.periodEnd) !== end &&
      !(extended(input.actions, service.id) && paid.periodEnd < service.currentPeriodEnd)
    )
      fail(`${label}: its period ends ${end}, the charge for it paid until ${iso(paid.periodEnd)}`)
    const later = own.filter((c) => BASE_KINDS.has(c.kind) && c.periodStart > paid.periodStart)
    if (later.length > 0)
      fail(`${label}: charged for later periods (${describe(later)}) than its current one`)
    // The product and cycle in effect are the last ones paid for in this period.
    const inPeriod = own.filter(
      (c) => c.kind !== 'setup_fee' && iso(c.periodStart) === iso(paid.periodStart),
    )
    const last = inPeriod[inPeriod.length - 1]!
    if (last.productId !== service.productId || last.cycle !== service.cycle)
      fail(
        `${label}: runs product ${service.productId} ${service.cycle}, the last charge of its period (${last.id}, ${last.kind}) was for product ${last.productId} ${last.cycle}`,
      )
    const fee = input.products.get(own[0]?.productId ?? service.productId)?.setupFeeCents ?? 0
    const fees = own.filter((c) => c.kind === 'setup_fee')
    if (service.family === 'dedicated_server' && fee > 0 && fees.length !== 1)
      fail(`${label}: ${fees.length} setup fee charges`)
  }
  return violations
}

async function chargesOf(db: Db, serviceIds: number[]): Promise<ServiceCharge[]> {
  if (serviceIds.length === 0) return []
  return db
    .select()
    .from(serviceCharges)
    .where(inArray(serviceCharges.serviceId, serviceIds))
    .orderBy(asc(serviceCharges.id))
}

const describe = (charges: ServiceCharge[]) =>
  charges
    .map((c) => `${c.id} ${c.kind} ${iso(c.periodStart).slice(0, 10)} ${c.amountCents}`)
    .join('; ') || 'none'

type State = 'none' | 'running' | 'suspended' | 'ended'

/** What status each event's snapshot may show, and which state it may follow. */
const EVENT_RULES: Record<
  ServiceEventType,
  { statuses: readonly string[]; from: readonly State[]; to: State }
> = {
  activated: { statuses: ['active'], from: ['none'], to: 'running' },
  plan_changed: { statuses: ['active'], from: ['running'], to: 'running' },
  suspended: { statuses: ['suspended'], from: ['running'], to: 'suspended' },
  unsuspended: { statuses: ['active', 'past_due'], from: ['suspended'], to: 'running' },
  cancelled: { statuses: ['cancelled'], from: ['running'], to: 'ended' },
  terminated: { statuses: ['terminated'], from: ['none', 'running', 'suspended'], to: 'ended' },
}
const STATE_OF: Record<Service['status'], State> = {
  pending: 'none',
  active: 'running',
  past_due: 'running',
  suspended: 'suspended',
  cancelled: 'ended',
  terminated: 'ended',
}

type Payload = {
  eventId: string
  type: string
  service: { id: number; status: string; productId: number }
  details: Record<string, unknown>
}

/** (7), (8) and (9), after quiescing (every event delivered, every service ended). */
export async function checkServiceRecords(
  db: Db,
  input: {
    services: Service[]
    charges: ServiceCharge[]
    actions: Actions
    /** Which family's events go to the webhook (the others are history only). */
    webhookFamily: Service['family']
    /** What the receiver got during the run. */
    received: ReceivedWebhook[]
  },
): Promise<{
  violations: Violation[]
  counts: { events: number; deliveries: number; duplicates: number }
}> {
  const violations: Violation[] = []
  const fail = (message: string) => violations.push({ message })
  const counts = { events: 0, deliveries: 0, duplicates: 0 }
  const ids = input.services.map((s) => s.id)
  if (ids.length === 0) return { violations, counts }
  const [events, audits, refunds] = await Promise.all([
    db
      .select()
      .from(serviceEvents)
      .where(inArray(serviceEvents.serviceId, ids))
      .orderBy(asc(serviceEvents.id)),
    db
      .select()
      .from(adminAuditLog)
      .where(
        and(
          inArray(
            adminAuditLog.subject,
            ids.map((id) => `service:${id}`),
          ),
          like(adminAuditLog.action, 'service.%'),
        ),
      ),
    db
      .select()
      .from(serviceRefunds)
      .where(inArray(serviceRefunds.chargeId, input.charges.map((c) => c.id).concat(-1))),
  ])
  const attemptRows =
    events.length === 0
      ? []
      : await db
          .select({ serviceEventId: serviceEventDeliveries.serviceEventId })
          .from(serviceEventDeliveries)
          .where(
            inArray(
              serviceEventDeliveries.serviceEventId,
              events.map((e) => e.id),
            ),
          )
  counts.events = events.length
  const receipts = new Map<string, { index: number; entry: ReceivedWebhook }[]>()
  input.received.forEach((entry, index) => {
    const list = receipts.get(entry.eventId) ?? []
    list.push({ index, entry })
    receipts.set(entry.eventId, list)
  })
  const attemptsLogged = new Map<number, number>()
  for (const row of attemptRows)
    attemptsLogged.set(row.serviceEventId, (attemptsLogged.get(row.serviceEventId) ?? 0) + 1)

  for (const service of input.services) {
    const own = events.filter((e) => e.serviceId === service.id)
    const label = `service ${service.id} (${service.family} ${service.status})`
    const history = () => own.map((e) => e.type).join(' → ') || 'no events'
    checkLifecycle(service, own, label, history, fail)
    checkEventCounts(service, own, input, audits, label, history, fail)
    if (service.family === input.webhookFamily) {
      const firstArrivals = own.map((e) => receipts.get(e.eventId)?.[0]?.index ?? -1)
      for (let i = 1; i < firstArrivals.length; i++) {
        if (
          firstArrivals[i - 1]! >= 0 &&
          firstArrivals[i]! >= 0 &&
          firstArrivals[i]! < firstArrivals[i - 1]!
        )
          fail(
            `${label}: event ${own[i]!.id} (${own[i]!.type}) first arrived before the earlier event ${own[i - 1]!.id} (${own[i - 1]!.type})`,
          )
      }
    }
    for (const event of own) {
      const got = receipts.get(event.eventId) ?? []
      counts.deliveries += got.length
      if (got.length > 1) counts.duplicates++
      checkDelivery(event, got, attemptsLogged.get(event.id) ?? 0, input.webhookFamily, fail)
    }
  }

  // (9) refunds within their charge.
  for (const charge of input.charges) {
    const own = refunds.filter((r) => r.chargeId === charge.id)
    const total = own.reduce((sum, r) => sum + r.amountCents, 0)
    if (total > charge.amountCents)
      fail(`charge ${charge.id} (${charge.amountCents}) refunded ${total} in total`)
    if (total !== charge.refundedCents)
      fail(
        `charge ${charge.id}: refunded_cents ${charge.refundedCents}, its refunds sum to ${total}`,
      )
  }
  return { violations, counts }
}

function checkLifecycle(
  service: Service,
  own: ServiceEvent[],
  label: string,
  history: () => string,
  fail: (message: string) => void,
) {
  let state: State = 'none'
  for (const event of own) {
    const rule = EVENT_RULES[event.type]
    const payload = event.payload as unknown as Payload
    if (!rule.statuses.includes(payload.service.status))
      fail(
        `${label}: ${event.type} event ${event.id} says the service was ${payload.service.status}`,
      )
    if (payload.eventId !== event.eventId || payload.type !== event.type)
      fail(`${label}: event ${event.id}'s payload names ${payload.eventId} ${payload.type}`)
    if (event.family !== service.family)
      fail(`${label}: event ${event.id} is filed under family ${event.family}`)
    if (!rule.from.includes(state))
      fail(`${label}: ${event.type} event ${event.id} while ${state} (${history()})`)
    if (
      event.type === 'terminated' &&
      state === 'none' &&
      (service.family !== 'dedicated_server' || service.provisionedAt !== null)
    )
      fail(`${label}: terminated before it was ever activated (${history()})`)
    state = rule.to
  }
  const expected = STATE_OF[service.status]
  const lastType = own[own.length - 1]?.type
  if (state !== expected || (expected === 'ended' && lastType !== service.status))
    fail(`${label}: its events end ${state} (${history()}), the service is ${service.status}`)
}

function checkEventCounts(
  service: Service,
  own: ServiceEvent[],
  input: { charges: ServiceCharge[]; actions: Actions },
  audits: (typeof adminAuditLog.$inferSelect)[],
  label: string,
  history: () => string,
  fail: (message: string) => void,
) {
  const details = (e: ServiceEvent) => (e.payload as unknown as Payload).details
  const count = (test: (e: ServiceEvent) => boolean) => own.filter(test).length
  const charges = input.charges.filter((c) => c.serviceId === service.id)

  const activations = count((e) => e.type === 'activated')
  const shouldActivate = service.family !== 'dedicated_server' || service.provisionedAt !== null
  if (activations !== (shouldActivate ? 1 : 0))
    fail(`${label}: ${activations} activated events (${history()})`)

  const upgrades = charges.filter((c) => c.kind === 'upgrade')
  const upgradeEvents = own.filter((e) => e.type === 'plan_changed' && details(e).at === 'upgrade')
  const charged = (list: number[]) => list.sort((a, b) => a - b).join(',')
  if (
    charged(upgrades.map((c) => c.amountCents)) !==
    charged(upgradeEvents.map((e) => Number(details(e).chargedCents)))
  )
    fail(
      `${label}: upgrades charged [${charged(upgrades.map((c) => c.amountCents))}], plan_changed events at upgrade say [${charged(upgradeEvents.map((e) => Number(details(e).chargedCents)))}]`,
    )

  // A renewal that switched product or cycle (a scheduled change) announces it.
  let switches = 0
  let inEffect: ServiceCharge | undefined
  for (const charge of charges) {
    if (charge.kind === 'setup_fee') continue
    if (
      charge.kind === 'renewal' &&
      inEffect &&
      (inEffect.productId !== charge.productId || inEffect.cycle !== charge.cycle)
    )
      switches++
    inEffect = charge
  }
  const switchEvents = count((e) => e.type === 'plan_changed' && details(e).at === 'renewal')
  if (switchEvents !== switches)
    fail(
      `${label}: ${switches} renewals switched product or cycle, ${switchEvents} plan_changed events say so`,
    )

  // The admin's actions: exactly those the simulator made, each with its audit entry and event.
  const audited = new Map<string, number>()
  for (const audit of audits.filter((a) => a.subject === `service:${service.id}`))
    audited.set(audit.action, (audited.get(audit.action) ?? 0) + 1)
  const made = input.actions.get(service.id) ?? new Map<string, number>()
  for (const action of new Set([...audited.keys(), ...made.keys()])) {
    if ((audited.get(action) ?? 0) !== (made.get(action) ?? 0))
      fail(
        `${label}: ${made.get(action) ?? 0} successful ${action} calls, ${audited.get(action) ?? 0} audit entries`,
      )
  }
  const unsuspendingExtends = audits.filter(
    (a) =>
      a.subject === `service:${service.id}` &&
      a.action === 'service.extend' &&
      a.details.status === 'suspended',
  ).length
  const byAdmin = (type: ServiceEventType) =>
    count((e) => e.type === type && details(e).by === 'admin')
  const expectations: [string, number, number][] = [
    ['suspended', byAdmin('suspended'), audited.get('service.suspend') ?? 0],
    ['terminated', byAdmin('terminated'), audited.get('service.terminate') ?? 0],
    [
      'unsuspended',
      byAdmin('unsuspended'),
      (audited.get('service.unsuspend') ?? 0) + unsuspendingExtends,
    ],
    [
      'activated',
      count((e) => e.type === 'activated' && details(e).provisionedBy === 'admin'),
      audited.get('service.provision') ?? 0,
    ],
  ]
  for (const [type, events, actions] of expectations) {
    if (events !== actions)
      fail(
        `${label}: ${events} ${type} events by an admin, ${actions} admin actions that make one (${history()})`,
      )
  }
}

function checkDelivery(
  event: ServiceEvent,
  got: { index: number; entry: ReceivedWebhook }[],
  logged: number,
  webhookFamily: Service['family'],
  fail: (message: string) => void,
) {
  const label = `event ${event.id} (${event.family} ${event.type} ${event.eventId})`
  if (logged !== event.attempts)
    fail(`${label}: ${event.attempts} attempts counted, ${logged} logged`)
  if (event.family !== webhookFamily) {
    if (event.deliveryState !== 'not_needed' || got.length > 0 || event.attempts > 0)
      fail(
        `${label}: a family without a webhook, yet ${event.deliveryState} with ${event.attempts} attempts and ${got.length} receipts`,
      )
    return
  }
  if (event.deliveryState !== 'delivered')
    fail(`${label}: ${event.deliveryState} after quiescing (last error: ${event.lastError})`)
  if (got.length === 0) fail(`${label}: never reached the receiver`)
  if (got.length > event.attempts)
    fail(`${label}: received ${got.length} times in ${event.attempts} attempts`)
  if (event.deliveryState === 'delivered' && !got.some(({ entry }) => entry.status < 300))
    fail(`${label}: delivered, but the receiver never accepted it`)
  const body = JSON.stringify(event.payload)
  for (const { entry } of got) {
    if (!entry.verified)
      fail(
        `${label}: a delivery's signature does not verify (timestamp ${String(entry.headers['x-skypanel-timestamp'])})`,
      )
    if (entry.body.eventId !== event.eventId)
      fail(
        `${label}: delivered under header id ${entry.eventId}, body id ${String(entry.body.eventId)}`,
      )
    if (entry.raw !== body) fail(`${label}: a delivery's body differs from the event's payload`)
  }
}
