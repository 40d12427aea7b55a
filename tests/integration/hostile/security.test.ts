import { randomUUID } from 'node:crypto'
import { and, count, eq, isNull } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as adminUserPage from '#app/routes/admin.users.$userId._index.tsx'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as balanceRoute from '#app/routes/api.billing.balance.ts'
import * as transactionsRoute from '#app/routes/api.billing.custom-credits.transactions.ts'
import * as purchaseRoute from '#app/routes/api.dns-plans.purchase.ts'
import * as loginRoute from '#app/routes/login.tsx'
import * as logoutRoute from '#app/routes/logout.tsx'
import * as metricsRoute from '#app/routes/metrics.ts'
import * as registerRoute from '#app/routes/register.tsx'
import { db } from '#db/client.ts'
import {
  apiTokens,
  notifications,
  paypalWebhookEvents,
  sessions,
  users,
  type ApiTokenScope,
} from '#db/schema/index.ts'
import { sessionCookie } from '#server/auth/session.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { createApiToken, revokeApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { verifyLedger } from '#server/services/credits/verify-ledger.ts'
import { notify } from '#server/services/notifications/notify.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { setUserActive } from '#server/services/users/set-user-active.ts'
import { setUserRole } from '#server/services/users/set-user-role.ts'
import { deliverVirtFusionTokens } from '#server/services/virtfusion/deliver-virtfusion-tokens.ts'
import { planId } from '#tests/helpers/dns.ts'
import {
  callRoute,
  fingerprint,
  isAdminProcedure,
  PUBLIC_PROCEDURES,
  listProcedures,
  loadRoutes,
  procedureInputs,
  restCode,
  trpcAppCode,
  trpcCall,
  validInputs,
  type ProcedureInfo,
  type RawResult,
} from '#tests/helpers/hostile.ts'
import { BASE_URL, cookieFrom, form } from '#tests/helpers/http.ts'
import {
  approvedOrder,
  balanceCents,
  capturedTopup,
  clearRateLimits,
  creditEntries,
  postWebhook,
  purchaseTokenEntries,
  resetPaymentFakes,
  resetVirtFusionFake,
  topupById,
} from '#tests/helpers/payments.ts'
import { createTestUser, TEST_PASSWORD, type TestUser } from '#tests/helpers/users.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * The attacker's view: other users' data by id, admin surfaces as a user, cross-origin
 * form posts riding a cookie, session fixation, API token scope escalation, and forged or
 * replayed PayPal webhooks. Every refusal is checked to have changed nothing.
 */

const FOREIGN = 'https://evil.example'
const procedures = listProcedures()
const mutations = procedures.filter((p) => p.type === 'mutation')
const adminProcedures = procedures.filter((p) => isAdminProcedure(p.path))
const userProcedures = procedures.filter((p) => !isAdminProcedure(p.path))

let admin: TestUser
let alice: TestUser
let bob: TestUser
let inputs: Record<string, Record<string, unknown>>
let aliceOrder: { orderId: string; topupId: number }
let aliceCredit: { tokenTransactionId: number; virtfusionCreditId: number }
let aliceToken: { id: number; token: string }

beforeAll(async () => {
  resetVirtFusionFake()
  resetPaymentFakes()
  await clearRateLimits()
  admin = await createTestUser({ role: 'admin', name: 'Security Admin' })
  alice = await createTestUser({ name: 'Alice' })
  bob = await createTestUser({ name: 'Bob' })
  await adjustCreditsByAdmin(db, {
    userId: alice.id,
    amount: 3000,
    reason: 'opening balance',
    direction: 'add',
    admin,
  })
  aliceOrder = await approvedOrder(alice.id, 'custom_credits', 1200)
  // A delivered VirtFusion credit of Alice's, the thing "cancel credit" would destroy.
  const tokensTopup = await capturedTopup(alice.id, 'virtfusion_tokens', 800)
  expect(await deliverVirtFusionTokens(db, getProviders(), tokensTopup.id)).toBe('delivered')
  const [entry] = await purchaseTokenEntries(tokensTopup.id)
  aliceCredit = { tokenTransactionId: entry!.id, virtfusionCreditId: entry!.virtfusionCreditId! }
  const created = await createApiToken(db, { user: alice, name: 'alice-read', scope: 'read' })
  aliceToken = { id: created.view.id, token: created.token }
  inputs = validInputs({
    userId: alice.id,
    orderId: aliceOrder.orderId,
    topupId: aliceOrder.topupId,
    planId: await planId('basic'),
    apiTokenId: aliceToken.id,
    tokenTransactionId: aliceCredit.tokenTransactionId,
  })
})

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
})

const inputFor = (p: ProcedureInfo) => (p.hasInput ? (inputs[p.path] ?? {}) : undefined)
const show = (r: RawResult) => `${r.status} ${r.text.slice(0, 400)}`

function aliceCreditIntact() {
  const credit = virtfusionFake
    .credits(alice.id)
    .find((c) => c.id === aliceCredit.virtfusionCreditId)
  expect(credit?.cancelled, 'Alice’s VirtFusion credit was cancelled').toBe(false)
}

async function sessionCount(userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId))
  return row?.n ?? 0
}

async function mint(user: TestUser, scope: ApiTokenScope, now?: Date, expiresInDays?: number) {
  const { token } = await createApiToken(db, {
    user,
    name: `${scope}-${randomUUID().slice(0, 6)}`,
    scope,
    now,
    expiresInDays,
  })
  return token
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })

// ---------------------------------------------------------------------------------------

describe("other users' data by id", () => {
  it.each(adminProcedures.map((p) => [p.path, p] as const))(
    '%s as a plain user: 403 FORBIDDEN, nothing changed (anonymous: 401)',
    async (_path, procedure) => {
      const before = await fingerprint()
      const asUser = await trpcCall(procedure, inputFor(procedure), { cookie: bob.cookie })
      expect(asUser.status, show(asUser)).toBe(403)
      expect(trpcAppCode(asUser)).toBe('FORBIDDEN')
      const anonymous = await trpcCall(procedure, inputFor(procedure))
      expect(anonymous.status, show(anonymous)).toBe(401)
      expect(await fingerprint()).toEqual(before)
      aliceCreditIntact()
    },
  )

  it('every user procedure needs a session or token (anonymous: 401), except the public price lists', async () => {
    for (const procedure of userProcedures) {
      const result = await trpcCall(procedure, inputFor(procedure))
      if (PUBLIC_PROCEDURES.includes(procedure.path)) expect(result.status).not.toBe(401)
      else expect(result.status, `${procedure.path}: ${show(result)}`).toBe(401)
    }
  })

  it('admin REST routes and admin pages as a plain user: 403, nothing changed', async () => {
    const before = await fingerprint()
    const params = { userId: String(alice.id) }
    const url = `/api/admin/users/${alice.id}/custom-credits`
    const body = JSON.stringify({ amount: '5.00', reason: 'steal credits' })
    const json = { 'Content-Type': 'application/json' }
    const results = [
      await callRoute(adminCreditsRoute.loader, url, { params, cookie: bob.cookie }),
      await callRoute(adminCreditsRoute.action, url, {
        method: 'POST',
        body,
        headers: json,
        params,
        cookie: bob.cookie,
      }),
      await callRoute(adminCreditsRoute.action, url, {
        method: 'DELETE',
        body,
        headers: json,
        params,
        cookie: bob.cookie,
      }),
      await callRoute(metricsRoute.loader, '/metrics', { cookie: bob.cookie }),
    ]
    for (const result of results) {
      expect(result.status, show(result)).toBe(403)
      expect(restCode(result)).toBe('FORBIDDEN')
    }
    // Every admin page and admin resource route, found on disk.
    const adminRoutes = await loadRoutes((f) => /^(admin\.|api\.admin\.)/.test(f))
    for (const route of adminRoutes.filter((r) => r.loader)) {
      const routeParams = Object.fromEntries(
        route.paramNames.map((n) => [n, n === 'table' ? 'credits' : String(alice.id)]),
      )
      const result = await callRoute(route.loader!, route.urlFor(routeParams), {
        params: routeParams,
        cookie: bob.cookie,
      })
      // /admin only redirects to /admin/users, which is itself checked here.
      if (result.status === 302) {
        expect(result.headers.get('Location'), route.file).toMatch(/^\/admin\//)
        continue
      }
      expect(result.status, `${route.file}: ${show(result)}`).toBe(403)
    }
    expect(await fingerprint()).toEqual(before)
  })

  it("capturing another user's order: 404 over tRPC and REST, for both balances; PayPal never asked to capture", async () => {
    const credits = await approvedOrder(alice.id, 'custom_credits', 2000)
    const tokens = await approvedOrder(alice.id, 'virtfusion_tokens', 2000)
    const before = await fingerprint()
    const attempts: [string, string][] = [
      ['customCredits.captureOrder', credits.orderId],
      ['billing.tokens.captureOrder', tokens.orderId],
      // The other purpose's procedure with the other order: still not Bob's.
      ['customCredits.captureOrder', tokens.orderId],
      ['billing.tokens.captureOrder', credits.orderId],
    ]
    for (const [path, orderId] of attempts) {
      const result = await trpcCall({ path, type: 'mutation' }, { orderId }, { cookie: bob.cookie })
      expect(result.status, show(result)).toBe(404)
      expect(trpcAppCode(result)).toBe('NOT_FOUND')
    }
    const restRoutes = await loadRoutes((f) =>
      /^api\.billing\.(custom-credits|virtfusion-tokens)\.add\.ts$/.test(f),
    )
    expect(restRoutes).toHaveLength(2)
    for (const route of restRoutes) {
      for (const orderId of [credits.orderId, tokens.orderId]) {
        const result = await callRoute(route.action!, route.urlFor({}), {
          method: 'POST',
          body: JSON.stringify({ orderId }),
          headers: { 'Content-Type': 'application/json' },
          cookie: bob.cookie,
        })
        expect(result.status, show(result)).toBe(404)
      }
    }
    expect(paypalFake.order(credits.orderId)?.capture).toBeNull()
    expect(paypalFake.order(tokens.orderId)?.capture).toBeNull()
    expect(await fingerprint()).toEqual(before)
    // Alice's own capture still works: the order was intact.
    const own = await trpcCall(
      { path: 'customCredits.captureOrder', type: 'mutation' },
      { orderId: credits.orderId },
      { cookie: alice.cookie },
    )
    expect(own.status, show(own)).toBe(200)
  })

  it("cancelling another user's token credit: 403 for a user; an admin naming the wrong owner gets 404; the credit stays", async () => {
    const before = await fingerprint()
    const input = {
      userId: alice.id,
      tokenTransactionId: aliceCredit.tokenTransactionId,
      reason: 'not mine to cancel',
    }
    const asBob = await trpcCall(
      { path: 'admin.virtfusion.cancelCredit', type: 'mutation' },
      input,
      {
        cookie: bob.cookie,
      },
    )
    expect(asBob.status, show(asBob)).toBe(403)
    // An admin who names Bob as the owner of Alice's entry: not found, nothing cancelled.
    const mismatched = await trpcCall(
      { path: 'admin.virtfusion.cancelCredit', type: 'mutation' },
      { ...input, userId: bob.id },
      { cookie: admin.cookie },
    )
    expect(mismatched.status, show(mismatched)).toBe(404)
    expect(await fingerprint()).toEqual(before)
    aliceCreditIntact()
  })

  it("revoking another user's API token: 404, and the token keeps working", async () => {
    const before = await fingerprint()
    const result = await trpcCall(
      { path: 'account.apiTokens.revoke', type: 'mutation' },
      { tokenId: aliceToken.id },
      { cookie: bob.cookie },
    )
    expect(result.status, show(result)).toBe(404)
    expect(trpcAppCode(result)).toBe('NOT_FOUND')
    const list = await trpcCall({ path: 'account.apiTokens.list', type: 'query' }, undefined, {
      cookie: bob.cookie,
    })
    expect(list.text).not.toContain(`"id":${aliceToken.id},`)
    expect(await fingerprint()).toEqual(before)
    const still = await callRoute(balanceRoute.loader, '/api/billing/balance', {
      headers: bearer(aliceToken.token),
    })
    expect(still.status, show(still)).toBe(200)
  })

  it('no user-facing procedure accepts a user id: userId, user_id, ownerId and user are stripped by every input parser', () => {
    const smuggled = { userId: 1, user_id: 1, ownerId: 1, user: { id: 1, role: 'admin' } }
    const accepting: string[] = []
    for (const procedure of userProcedures.filter((p) => p.hasInput)) {
      let value: unknown = { ...(inputs[procedure.path] ?? {}), ...smuggled }
      for (const parser of procedureInputs(procedure.path)) {
        const schema = parser as {
          safeParse?: (v: unknown) => { success: boolean; data?: unknown }
        }
        const parsed = schema.safeParse?.(value)
        if (!parsed?.success) {
          value = null
          break
        }
        value = parsed.data
      }
      if (value && typeof value === 'object') {
        for (const key of Object.keys(smuggled))
          if (key in value) accepting.push(`${procedure.path}.${key}`)
      }
    }
    expect(accepting).toEqual([])
  })

  it("a smuggled userId reads and spends only the caller's own data (tRPC and REST)", async () => {
    const aliceBalance = await balanceCents(alice.id)
    const aliceEntries = (await creditEntries(alice.id)).length
    const history = await trpcCall(
      { path: 'customCredits.transactions', type: 'query' },
      { userId: alice.id, limit: 100 },
      { cookie: bob.cookie },
    )
    expect(history.status, show(history)).toBe(200)
    expect(
      (JSON.parse(history.text) as { result: { data: { json: { items: unknown[] } } } }).result.data
        .json.items,
    ).toEqual([])
    const rest = await callRoute(
      transactionsRoute.loader,
      `/api/billing/custom-credits/transactions?userId=${alice.id}&user_id=${alice.id}`,
      { cookie: bob.cookie },
    )
    expect(rest.status, show(rest)).toBe(200)
    expect((JSON.parse(rest.text) as { items: unknown[] }).items).toEqual([])

    // Bob has no credits: a purchase naming Alice is Bob's own purchase, refused for funds.
    const purchase = await trpcCall(
      { path: 'dnsPlans.purchase', type: 'mutation' },
      { planId: await planId('basic'), userId: alice.id },
      { cookie: bob.cookie },
    )
    expect(purchase.status, show(purchase)).toBe(402)
    const restPurchase = await callRoute(purchaseRoute.action, '/api/dns-plans/purchase', {
      method: 'POST',
      body: JSON.stringify({ planId: await planId('basic'), userId: alice.id }),
      headers: { 'Content-Type': 'application/json' },
      cookie: bob.cookie,
    })
    expect(restPurchase.status, show(restPurchase)).toBe(402)
    expect(await balanceCents(alice.id)).toBe(aliceBalance)
    expect(await creditEntries(alice.id)).toHaveLength(aliceEntries)
  })

  it("marking notifications read by id touches only the caller's own notifications", async () => {
    await notify(db, { userId: alice.id, kind: 'test', title: 'For Alice', body: 'private' })
    const [mine] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(eq(notifications.userId, alice.id))
    const result = await trpcCall(
      { path: 'billing.notifications.markRead', type: 'mutation' },
      { ids: [mine!.id] },
      { cookie: bob.cookie },
    )
    expect(result.status, show(result)).toBe(200)
    const unread = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, alice.id), isNull(notifications.readAt)))
    expect(unread.map((n) => n.id)).toContain(mine!.id)
  })
})

// ---------------------------------------------------------------------------------------

describe('cross-origin requests riding a valid cookie', () => {
  it.each(mutations.map((p) => [p.path, p] as const))(
    '%s from a foreign Origin with a valid cookie: 403 CROSS_ORIGIN_REQUEST, nothing changed',
    async (_path, procedure) => {
      const before = await fingerprint()
      const cookie = isAdminProcedure(procedure.path) ? admin.cookie : alice.cookie
      const result = await trpcCall(procedure, inputFor(procedure), {
        cookie,
        headers: { Origin: FOREIGN },
      })
      expect(result.status, show(result)).toBe(403)
      expect(trpcAppCode(result)).toBe('CROSS_ORIGIN_REQUEST')
      expect(await fingerprint()).toEqual(before)
      aliceCreditIntact()
    },
  )

  it.each([
    'null',
    'http://localhost:3001',
    'https://localhost:3000',
    'http://localhost:3000.evil.example',
    'http://evil.example/http://localhost:3000',
  ])('Origin %s is foreign too (admin.customCredits.add): 403, no credit', async (origin) => {
    const before = await fingerprint()
    const result = await trpcCall(
      { path: 'admin.customCredits.add', type: 'mutation' },
      { userId: bob.id, amount: '50.00', reason: 'csrf gift' },
      { cookie: admin.cookie, headers: { Origin: origin } },
    )
    expect(result.status, show(result)).toBe(403)
    expect(await fingerprint()).toEqual(before)
  })

  it('every REST POST/DELETE from a foreign Origin with a valid cookie: 403, nothing changed', async () => {
    const restActions = (await loadRoutes((f) => /^api\..*\.ts$/.test(f))).filter(
      (r) => r.action && !/webhook|trpc/.test(r.file),
    )
    expect(restActions.length).toBeGreaterThan(8)
    const body = JSON.stringify({
      amount: '10.00',
      reason: 'csrf reason',
      orderId: aliceOrder.orderId,
      planId: await planId('basic'),
      on: true,
    })
    for (const route of restActions) {
      const params = Object.fromEntries(route.paramNames.map((n) => [n, String(bob.id)]))
      for (const method of ['POST', 'DELETE']) {
        const before = await fingerprint()
        const result = await callRoute(route.action!, route.urlFor(params), {
          method,
          body,
          params,
          headers: { 'Content-Type': 'application/json', Origin: FOREIGN },
          cookie: route.file.includes('admin') ? admin.cookie : alice.cookie,
        })
        // A route that does not take this method refuses it before anything else (400), e.g.
        // DELETE on a POST-only route or POST on the PUT-only settings: also fine.
        const refusedMethod = result.status === 400 && /Method not allowed/.test(result.text)
        if (!refusedMethod) {
          expect(result.status, `${method} ${route.file}: ${show(result)}`).toBe(403)
          expect(restCode(result)).toBe('CROSS_ORIGIN_REQUEST')
        }
        expect(await fingerprint()).toEqual(before)
      }
    }
  })

  it('a cross-origin form post to an admin page action (make Alice an admin): 403, role unchanged', async () => {
    const result = await callRoute(adminUserPage.action, `/admin/users/${alice.id}`, {
      ...form({ intent: 'set-role', role: 'admin' }),
      params: { userId: String(alice.id) },
      headers: { Origin: FOREIGN },
      cookie: admin.cookie,
    })
    expect(result.status, show(result)).toBe(403)
    const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, alice.id))
    expect(row?.role).toBe('user')
  })

  it('POST /login from a foreign Origin (right password, a cookie present): 403, no session created', async () => {
    const before = await sessionCount(alice.id)
    const result = await callRoute(loginRoute.action, '/login', {
      ...form({ email: alice.email, password: TEST_PASSWORD }),
      headers: { Origin: FOREIGN },
      cookie: bob.cookie,
    })
    expect(result.status, show(result)).toBe(403)
    expect(result.headers.get('Set-Cookie')).toBeNull()
    expect(await sessionCount(alice.id)).toBe(before)
  })

  it('POST /register from a foreign Origin: 403, no account', async () => {
    const email = `csrf-${randomUUID()}@example.test`
    const result = await callRoute(registerRoute.action, '/register', {
      ...form({ name: 'Csrf Victim', email, password: 'a-strong-password-42' }),
      headers: { Origin: FOREIGN },
      cookie: bob.cookie,
    })
    expect(result.status, show(result)).toBe(403)
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0)
  })

  it('POST /logout from a foreign Origin: 403, the session still works', async () => {
    const victim = await createTestUser({ name: 'Logout Victim' })
    const result = await callRoute(logoutRoute.action, '/logout', {
      method: 'POST',
      headers: { Origin: FOREIGN },
      cookie: victim.cookie,
    })
    expect(result.status, show(result)).toBe(403)
    const still = await callRoute(balanceRoute.loader, '/api/billing/balance', {
      cookie: victim.cookie,
    })
    expect(still.status, show(still)).toBe(200)
  })
})

// ---------------------------------------------------------------------------------------

describe('session fixation', () => {
  async function logIn(user: TestUser, plantedCookie: string) {
    const result = await callRoute(loginRoute.action, '/login', {
      ...form({ email: user.email, password: TEST_PASSWORD }),
      headers: { Origin: BASE_URL },
      cookie: plantedCookie,
    })
    expect(result.status, show(result)).toBe(302)
    const fresh = cookieFrom(new Response(null, { headers: result.headers }))
    expect(fresh).toBeDefined()
    return fresh!
  }

  const whoIs = async (cookie: string) => {
    const result = await callRoute(balanceRoute.loader, '/api/billing/balance', { cookie })
    return result.status
  }

  it("an attacker's own live session planted before login is replaced, and the planted id no longer authenticates", async () => {
    const attacker = await createTestUser({ name: 'Fixer' })
    const victim = await createTestUser({ name: 'Fixed' })
    const planted = attacker.cookie
    const fresh = await logIn(victim, planted)
    expect(fresh).not.toBe(planted)
    expect(await whoIs(planted)).toBe(401)
    expect(await whoIs(fresh)).toBe(200)
  })

  it('a planted session id that does not exist yet is never adopted by the login', async () => {
    const victim = await createTestUser({ name: 'Fixed Too' })
    const chosenId = `attacker-chosen-${randomUUID()}`
    const planted = (await sessionCookie.serialize(chosenId)).split(';')[0]!
    const fresh = await logIn(victim, planted)
    expect(fresh).not.toBe(planted)
    expect(await db.select().from(sessions).where(eq(sessions.id, chosenId))).toHaveLength(0)
    expect(await whoIs(planted)).toBe(401)
    expect(await whoIs(fresh)).toBe(200)
  })
})

// ---------------------------------------------------------------------------------------

describe('API token scopes', () => {
  it.each(mutations.filter((p) => !isAdminProcedure(p.path)).map((p) => [p.path, p] as const))(
    'a read token cannot call the mutation %s: 403, nothing changed',
    async (_path, procedure) => {
      const token = await mint(alice, 'read')
      const before = await fingerprint()
      const result = await trpcCall(procedure, inputFor(procedure), { headers: bearer(token) })
      expect(result.status, show(result)).toBe(403)
      expect(trpcAppCode(result)).toBe('FORBIDDEN')
      expect(await fingerprint()).toEqual(before)
    },
  )

  it('a read token cannot POST to any REST route that changes state: 403', async () => {
    const token = await mint(alice, 'read')
    const restActions = (await loadRoutes((f) => /^api\..*\.ts$/.test(f))).filter(
      (r) => r.action && !/webhook|trpc|admin/.test(r.file),
    )
    const before = await fingerprint()
    for (const route of restActions) {
      const params = Object.fromEntries(route.paramNames.map((n) => [n, 'x']))
      const result = await callRoute(route.action!, route.urlFor(params), {
        method: 'POST',
        body: JSON.stringify({ amount: '10.00', orderId: aliceOrder.orderId, planId: 1, on: true }),
        params,
        headers: { 'Content-Type': 'application/json', ...bearer(token) },
      })
      expect(result.status, `${route.file}: ${show(result)}`).toBe(403)
    }
    expect(await fingerprint()).toEqual(before)
    // Reading is what it is for.
    const read = await callRoute(balanceRoute.loader, '/api/billing/balance', {
      headers: bearer(token),
    })
    expect(read.status).toBe(200)
  })

  it.each(adminProcedures.map((p) => [p.path, p] as const))(
    "an admin's write token cannot call %s: 403, nothing changed",
    async (_path, procedure) => {
      const token = await mint(admin, 'write')
      const before = await fingerprint()
      const result = await trpcCall(procedure, inputFor(procedure), { headers: bearer(token) })
      expect(result.status, show(result)).toBe(403)
      expect(await fingerprint()).toEqual(before)
      aliceCreditIntact()
    },
  )

  it("an admin's write token on admin REST routes and /metrics: 403; an admin token works", async () => {
    const write = await mint(admin, 'write')
    const params = { userId: String(alice.id) }
    const url = `/api/admin/users/${alice.id}/custom-credits`
    const before = await fingerprint()
    const post = await callRoute(adminCreditsRoute.action, url, {
      method: 'POST',
      body: JSON.stringify({ amount: '5.00', reason: 'token escalation' }),
      params,
      headers: { 'Content-Type': 'application/json', ...bearer(write) },
    })
    expect(post.status, show(post)).toBe(403)
    expect(
      (await callRoute(adminCreditsRoute.loader, url, { params, headers: bearer(write) })).status,
    ).toBe(403)
    expect(
      (await callRoute(metricsRoute.loader, '/metrics', { headers: bearer(write) })).status,
    ).toBe(403)
    expect(await fingerprint()).toEqual(before)
    const full = await mint(admin, 'admin')
    const ok = await callRoute(adminCreditsRoute.loader, url, { params, headers: bearer(full) })
    expect(ok.status, show(ok)).toBe(200)
  })

  it('an admin token of a user who is no longer an admin: 403 on admin procedures', async () => {
    const dora = await createTestUser({ role: 'admin', name: 'Dora' })
    const token = await mint(dora, 'admin')
    await setUserRole(db, {
      actorId: admin.id,
      userId: dora.id,
      role: 'user',
      reason: 'no longer on the team',
    })
    const result = await trpcCall(
      { path: 'admin.users.list', type: 'query' },
      {},
      { headers: bearer(token) },
    )
    expect(result.status, show(result)).toBe(403)
  })

  it.each(['read', 'write', 'admin'] as const)(
    'no token (even %s scope) can list, create or revoke tokens',
    async (scope) => {
      const owner = scope === 'admin' ? admin : alice
      const token = await mint(owner, scope)
      const before = await fingerprint()
      for (const path of [
        'account.apiTokens.list',
        'account.apiTokens.create',
        'account.apiTokens.revoke',
      ]) {
        const procedure = procedures.find((p) => p.path === path)!
        const input =
          path === 'account.apiTokens.create'
            ? { name: 'minted by a token', scope: 'admin' }
            : path === 'account.apiTokens.revoke'
              ? { tokenId: aliceToken.id }
              : undefined
        const result = await trpcCall(procedure, input, { headers: bearer(token) })
        expect(result.status, `${path}: ${show(result)}`).toBe(403)
      }
      expect(await fingerprint()).toEqual(before)
    },
  )

  it('a user cannot create an admin token (403, no row)', async () => {
    const before = await fingerprint()
    const result = await trpcCall(
      { path: 'account.apiTokens.create', type: 'mutation' },
      { name: 'root please', scope: 'admin' },
      { cookie: alice.cookie },
    )
    expect(result.status, show(result)).toBe(403)
    expect(await fingerprint()).toEqual(before)
  })

  it('revoked, expired and deactivated-owner tokens: 401', async () => {
    const revoked = await createApiToken(db, { user: alice, name: 'to revoke', scope: 'write' })
    await revokeApiToken(db, { userId: alice.id, tokenId: revoked.view.id })
    const expired = await mint(alice, 'write', new Date(Date.now() - 3 * 86_400_000), 1)
    const carol = await createTestUser({ name: 'Carol' })
    const carols = await mint(carol, 'write')
    await setUserActive(db, {
      actorId: admin.id,
      userId: carol.id,
      isActive: false,
      reason: 'account closed',
    })
    for (const token of [revoked.token, expired, carols]) {
      const rest = await callRoute(balanceRoute.loader, '/api/billing/balance', {
        headers: bearer(token),
      })
      expect(rest.status, show(rest)).toBe(401)
      expect(restCode(rest)).toBe('UNAUTHENTICATED')
      const trpc = await trpcCall(
        { path: 'customCredits.createOrder', type: 'mutation' },
        { amount: '10.00' },
        { headers: bearer(token) },
      )
      expect(trpc.status, show(trpc)).toBe(401)
    }
  })

  it.each([
    [''],
    ['Bearer'],
    ['Bearer '],
    ['Basic YWxpY2U6cGFzc3dvcmQ='],
    ['Bearer a b'],
    ['Token abc'],
    ['Bearer spk_unknown-token'],
    ['Bearer,spk_x'],
    ['Bearer\tspk_unknown'],
    [`Bearer ${'x'.repeat(10_000)}`],
  ])(
    'a malformed or unknown Authorization header (%j) with a valid cookie: 401, never the cookie',
    async (header) => {
      const before = await fingerprint()
      const rest = await callRoute(balanceRoute.loader, '/api/billing/balance', {
        headers: { Authorization: header },
        cookie: alice.cookie,
      })
      expect(rest.status, show(rest)).toBe(401)
      const trpcQuery = await trpcCall({ path: 'billing.balance', type: 'query' }, undefined, {
        headers: { Authorization: header },
        cookie: alice.cookie,
      })
      expect(trpcQuery.status, show(trpcQuery)).toBe(401)
      const trpcMutation = await trpcCall(
        { path: 'dnsPlans.purchase', type: 'mutation' },
        { planId: await planId('basic') },
        { headers: { Authorization: header }, cookie: alice.cookie },
      )
      expect(trpcMutation.status, show(trpcMutation)).toBe(401)
      expect(await fingerprint()).toEqual(before)
    },
  )
})

// ---------------------------------------------------------------------------------------

describe('PayPal webhook forgery', () => {
  async function pendingOrder(amountCents: number) {
    const order = await approvedOrder(alice.id, 'custom_credits', amountCents)
    paypalFake.capturePending(order.orderId)
    await captureTopup(db, getProviders(), {
      userId: alice.id,
      orderId: order.orderId,
      purpose: 'custom_credits',
    })
    expect((await topupById(order.topupId)).status).toBe('pending')
    return order
  }

  async function storedEvent(id: string) {
    return db.select().from(paypalWebhookEvents).where(eq(paypalWebhookEvents.id, id))
  }

  it('a forged COMPLETED (bad or missing signature headers): 400, nothing stored, still pending, no credit', async () => {
    const { orderId, topupId } = await pendingOrder(1500)
    paypalFake.completeCapture(orderId)
    const event = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const before = await fingerprint()
    const valid = paypalFake.webhookHeaders(true)
    const variants: Record<string, string>[] = [
      paypalFake.webhookHeaders(false),
      {},
      { ...valid, 'PAYPAL-TRANSMISSION-SIG': '' },
      {
        ...valid,
        'PAYPAL-CERT-URL': 'https://evil.example/cert.pem',
        'PAYPAL-TRANSMISSION-SIG': 'forged',
      },
      Object.fromEntries(Object.entries(valid).filter(([k]) => k !== 'PAYPAL-AUTH-ALGO')),
    ]
    for (const headers of variants) {
      const result = await postWebhook(JSON.stringify(event), headers)
      expect(result.status).toBe(400)
    }
    expect(await storedEvent(event.id)).toHaveLength(0)
    expect(await fingerprint()).toEqual(before)
    expect((await topupById(topupId)).status).toBe('pending')
  })

  it('a genuine event about an order or capture that is not ours: ignored, no money moves', async () => {
    const { orderId } = await pendingOrder(1500)
    paypalFake.completeCapture(orderId)
    const completed = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', orderId)
    const foreignOrder = {
      ...completed,
      resource: {
        ...completed.resource,
        supplementary_data: { related_ids: { order_id: 'ORDER-NOT-OURS' } },
      },
    }
    const refund = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', orderId)
    const foreignCapture = {
      ...refund,
      resource: {
        ...refund.resource,
        links: [
          {
            href: 'https://api.paypal.com/v2/payments/captures/CAPTURE-NOT-OURS',
            rel: 'up',
            method: 'GET',
          },
        ],
      },
    }
    const before = await fingerprint()
    const first = await postWebhook(JSON.stringify(foreignOrder))
    expect(first.status).toBe(200)
    expect(first.data?.outcome).toMatch(/^ignored/)
    const second = await postWebhook(JSON.stringify(foreignCapture))
    expect(second.status).toBe(200)
    expect(second.data?.outcome).toBe('compensation unknown_capture')
    expect(await fingerprint()).toEqual(before)
  })

  it('a replayed event id (even with a different body) moves money once', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 1000)
    const balance = await balanceCents(alice.id)
    const refund = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!)
    const first = await postWebhook(JSON.stringify(refund))
    expect(first.data).toMatchObject({ duplicate: false })
    expect(await balanceCents(alice.id)).toBe(balance - 1000)
    const before = await fingerprint()
    // The same id again, then the same id claiming a chargeback of ten times the amount.
    expect((await postWebhook(JSON.stringify(refund))).data).toMatchObject({ duplicate: true })
    const altered = {
      ...refund,
      event_type: 'PAYMENT.CAPTURE.REVERSED',
      resource: { ...refund.resource, amount: { value: '100.00', currency_code: 'USD' } },
    }
    expect((await postWebhook(JSON.stringify(altered))).data).toMatchObject({ duplicate: true })
    expect(await fingerprint()).toEqual(before)
    expect(
      (await creditEntries(alice.id)).filter(
        (e) => e.paymentReference?.startsWith('refund:') || e.type === 'chargeback',
      ),
    ).toHaveLength(1)
  })

  it('a refund larger than the capture (or two refunds adding up to more) compensates at most the amount paid', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 1000)
    const balance = await balanceCents(alice.id)
    const refund = paypalFake.webhookEvent('PAYMENT.CAPTURE.REFUNDED', topup.paypalOrderId!)
    const inflated = {
      ...refund,
      id: `WH-INFLATED-${randomUUID()}`,
      resource: {
        ...refund.resource,
        id: `REFUND-A-${randomUUID()}`,
        amount: { value: '700.00', currency_code: 'USD' },
      },
    }
    const another = {
      ...refund,
      id: `WH-SECOND-${randomUUID()}`,
      resource: {
        ...refund.resource,
        id: `REFUND-B-${randomUUID()}`,
        amount: { value: '9.00', currency_code: 'USD' },
      },
    }
    expect((await postWebhook(JSON.stringify(inflated))).status).toBe(200)
    expect((await postWebhook(JSON.stringify(another))).status).toBe(200)
    expect(await balanceCents(alice.id)).toBe(balance - 1000)
    expect((await topupById(topup.id)).refundedCents).toBe(1000)
    expect((await verifyLedger(db)).problems).toEqual([])
  })

  it('a genuine event of a type we do not handle is stored and moves nothing', async () => {
    const topup = await capturedTopup(alice.id, 'custom_credits', 500)
    const base = paypalFake.webhookEvent('PAYMENT.CAPTURE.COMPLETED', topup.paypalOrderId!)
    const before = await fingerprint()
    const odd = { ...base, id: `WH-ODD-${randomUUID()}`, event_type: 'CHECKOUT.ORDER.APPROVED' }
    const result = await postWebhook(JSON.stringify(odd))
    expect(result.status).toBe(200)
    expect(result.data?.outcome).toBe('ignored: CHECKOUT.ORDER.APPROVED is not an event we act on')
    expect(await storedEvent(odd.id)).toHaveLength(1)
    expect(await fingerprint()).toEqual(before)
  })
})

describe('after all of it', () => {
  it('the ledger is consistent and no API token was minted by an attacker', async () => {
    expect((await verifyLedger(db)).problems).toEqual([])
    const adminTokens = await db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.scope, 'admin'), eq(apiTokens.userId, alice.id)))
    expect(adminTokens).toEqual([])
  })
})
