import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as adminCreditsRoute from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as balanceRoute from '#app/routes/api.billing.balance.ts'
import * as historyRoute from '#app/routes/api.billing.custom-credits.transactions.ts'
import { db } from '#db/client.ts'
import { creditTransactions } from '#db/schema/index.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let alice: TestUser
let bob: TestUser

const rawJson = (text: string, method = 'POST') => ({
  method,
  body: text,
  headers: { 'Content-Type': 'application/json' },
})
const adminRest = (
  user: TestUser | null,
  method: 'GET' | 'POST' | 'DELETE',
  targetId: number,
  body?: string,
) =>
  invoke(
    method === 'GET' ? adminCreditsRoute.loader : adminCreditsRoute.action,
    `/api/admin/users/${targetId}/custom-credits`,
    {
      ...(body === undefined ? { method } : rawJson(body, method)),
      cookie: user?.cookie,
      params: { userId: String(targetId) },
    },
  )

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Credit Admin' })
  alice = await createTestUser({ name: 'Alice' })
  bob = await createTestUser({ name: 'Bob' })
  const added = await trpcMutation(
    'admin.customCredits.add',
    { userId: alice.id, amount: '25.00', reason: 'initial funds' },
    { cookie: admin.cookie },
  )
  expect(added.status).toBe(200)
})

describe('authorization matrix', () => {
  it('billing.balance and GET /api/billing/balance: anonymous 401; each user sees only their own balance', async () => {
    expect((await trpcQuery('billing.balance', undefined)).status).toBe(401)
    expect((await invoke(balanceRoute.loader, '/api/billing/balance')).status).toBe(401)
    const aliceBalance = await trpcData<{
      customCredits: { balance: { cents: number } }
      virtfusionTokens: { status: string }
    }>(await trpcQuery('billing.balance', undefined, alice.cookie))
    expect(aliceBalance.customCredits.balance.cents).toBe(2500)
    expect(aliceBalance.virtfusionTokens.status).toBe('not_linked')
    const bobRest = (await (
      await invoke(balanceRoute.loader, '/api/billing/balance', { cookie: bob.cookie })
    ).json()) as {
      customCredits: { balance: { cents: number; formatted: string } }
    }
    expect(bobRest.customCredits.balance).toEqual({ cents: 0, formatted: '$0.00' })
  })

  it('customCredits.balance / transactions and the REST history: own data only', async () => {
    expect((await trpcQuery('customCredits.balance', undefined)).status).toBe(401)
    expect((await trpcQuery('customCredits.transactions', {})).status).toBe(401)
    expect(
      (await invoke(historyRoute.loader, '/api/billing/custom-credits/transactions')).status,
    ).toBe(401)
    const aliceHistory = await trpcData<{ items: unknown[] }>(
      await trpcQuery('customCredits.transactions', {}, alice.cookie),
    )
    expect(aliceHistory.items).toHaveLength(1)
    const bobHistory = (await (
      await invoke(historyRoute.loader, '/api/billing/custom-credits/transactions', {
        cookie: bob.cookie,
      })
    ).json()) as {
      items: unknown[]
    }
    expect(bobHistory.items).toEqual([])
  })

  it.each([
    ['admin.customCredits.get', 'query'],
    ['admin.customCredits.add', 'mutation'],
    ['admin.customCredits.remove', 'mutation'],
  ] as const)(
    '%s: anonymous 401, user 403 (even on their own id), admin 200',
    async (path, kind) => {
      const input =
        kind === 'query'
          ? { userId: alice.id }
          : { userId: alice.id, amount: '1.00', reason: 'matrix check' }
      const call = (user?: TestUser) =>
        kind === 'query'
          ? trpcQuery(path, input, user?.cookie)
          : trpcMutation(path, input, { cookie: user?.cookie })
      expect((await call()).status).toBe(401)
      expect((await call(alice)).status).toBe(403)
      expect((await call(bob)).status).toBe(403)
      expect((await call(admin)).status).toBe(200)
    },
  )

  it.each(['GET', 'POST', 'DELETE'] as const)(
    '%s /api/admin/users/:id/custom-credits: 401, 403, 403, 200',
    async (method) => {
      const body =
        method === 'GET' ? undefined : JSON.stringify({ amount: 1, reason: 'matrix check' })
      expect((await adminRest(null, method, alice.id, body)).status).toBe(401)
      expect((await adminRest(alice, method, alice.id, body)).status).toBe(403)
      expect((await adminRest(bob, method, alice.id, body)).status).toBe(403)
      expect((await adminRest(admin, method, alice.id, body)).status).toBe(200)
    },
  )
})

describe('admin adjustments over REST', () => {
  it('adds, removes into the negative with a warning, and lists who did what and why', async () => {
    const target = await createTestUser({ name: 'Target' })
    const add = await adminRest(
      admin,
      'POST',
      target.id,
      '{"amount": 25.00, "reason": "goodwill credit"}',
    )
    expect(add.status).toBe(200)
    expect(await add.json()).toMatchObject({
      balance: { cents: 2500, formatted: '$25.00' },
      warning: null,
    })
    const remove = await adminRest(
      admin,
      'DELETE',
      target.id,
      '{"amount": "30", "reason": "chargeback recovery"}',
    )
    expect(await remove.json()).toMatchObject({
      balance: { cents: -500, formatted: '-$5.00' },
      warning: expect.stringMatching(/negative/),
    })
    const overview = (await (await adminRest(admin, 'GET', target.id)).json()) as {
      balance: { owed: boolean }
      history: {
        items: { type: string; adminName: string; reason: string; amount: { cents: number } }[]
      }
    }
    expect(overview.balance.owed).toBe(true)
    expect(overview.history.items).toEqual([
      expect.objectContaining({
        type: 'admin_remove',
        adminName: 'Credit Admin',
        reason: 'chargeback recovery',
        amount: expect.objectContaining({ cents: -3000 }),
      }),
      expect.objectContaining({
        type: 'admin_add',
        adminName: 'Credit Admin',
        reason: 'goodwill credit',
        amount: expect.objectContaining({ cents: 2500 }),
      }),
    ])
  })

  it('answers errors as { error: { code, message } } with the right status', async () => {
    const missing = await adminRest(admin, 'POST', 999999, '{"amount": 1, "reason": "nobody home"}')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'User 999999 not found.' },
    })
  })
})

describe('bad input is refused with 400 naming the field, and writes nothing', () => {
  const cases: [string, string, string][] = [
    ['zero', '{"amount": 0, "reason": "valid reason"}', 'amount'],
    ['negative', '{"amount": -5, "reason": "valid reason"}', 'amount'],
    ['three decimals', '{"amount": 12.345, "reason": "valid reason"}', 'amount'],
    ['three decimals as text', '{"amount": "12.345", "reason": "valid reason"}', 'amount'],
    [
      'hidden precision',
      '{"amount": 0.1000000000000000055511, "reason": "valid reason"}',
      'amount',
    ],
    ['exponent', '{"amount": 1e3, "reason": "valid reason"}', 'amount'],
    ['NaN text', '{"amount": "NaN", "reason": "valid reason"}', 'amount'],
    ['Infinity text', '{"amount": "Infinity", "reason": "valid reason"}', 'amount'],
    ['empty', '{"amount": "", "reason": "valid reason"}', 'amount'],
    ['non-numeric', '{"amount": "ten", "reason": "valid reason"}', 'amount'],
    ['array', '{"amount": [5], "reason": "valid reason"}', 'amount'],
    ['object', '{"amount": {"value": 5}, "reason": "valid reason"}', 'amount'],
    ['null', '{"amount": null, "reason": "valid reason"}', 'amount'],
    ['over the admin limit', '{"amount": "10000.01", "reason": "valid reason"}', 'amount'],
    ['below a cent', '{"amount": 0.001, "reason": "valid reason"}', 'amount'],
    ['missing reason', '{"amount": 5}', 'reason'],
    ['short reason', '{"amount": 5, "reason": "  ab  "}', 'reason'],
    ['control characters', '{"amount": 5, "reason": "bad\\u0007reason"}', 'reason'],
    ['long reason', JSON.stringify({ amount: 5, reason: 'x'.repeat(501) }), 'reason'],
    [
      'bad idempotency key',
      '{"amount": 5, "reason": "valid reason", "idempotencyKey": "no spaces allowed"}',
      'idempotencyKey',
    ],
    ['not JSON', '{"amount": 5,', '_'],
  ]

  it.each(cases)('REST POST: %s', async (_label, body, field) => {
    const target = await createTestUser()
    const response = await adminRest(admin, 'POST', target.id, body)
    expect(response.status).toBe(400)
    const error = (
      (await response.json()) as { error: { code: string; fields: Record<string, string[]> } }
    ).error
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fields)).toContain(field)
    expect(await db.$count(creditTransactions, eq(creditTransactions.userId, target.id))).toBe(0)
  })

  it.each(cases.filter(([label]) => label !== 'not JSON'))(
    'tRPC admin.customCredits.add: %s',
    async (_label, body, field) => {
      const target = await createTestUser()
      const input = body.replace(/^\{/, `{"userId": ${target.id}, `)
      const response = await trpcMutationRaw('admin.customCredits.add', input, admin.cookie)
      expect(response.status).toBe(400)
      const data = (
        (await response.json()) as {
          error: { json: { data: { appCode: string; fields: Record<string, string[]> } } }
        }
      ).error.json.data
      expect(data.appCode).toBe('VALIDATION_FAILED')
      expect(Object.keys(data.fields)).toContain(field)
      expect(await db.$count(creditTransactions, eq(creditTransactions.userId, target.id))).toBe(0)
    },
  )

  it('refuses bad history filters with 400 naming the field', async () => {
    for (const [query, field] of [
      ['limit=101', 'limit'],
      ['limit=0', 'limit'],
      ['type=free_money', 'type'],
      ['from=yesterday', 'from'],
      ['minAmount=abc', 'minAmount'],
      ['minAmount=10&maxAmount=5', 'minAmount'],
      ['cursor=-1', 'cursor'],
    ]) {
      const response = await invoke(
        historyRoute.loader,
        `/api/billing/custom-credits/transactions?${query}`,
        { cookie: alice.cookie },
      )
      expect(response.status, query).toBe(400)
      const error = ((await response.json()) as { error: { fields: Record<string, string[]> } })
        .error
      expect(Object.keys(error.fields), query).toContain(field)
    }
  })
})

/** A tRPC mutation with a hand-written JSON input, to send what a typed client cannot. */
async function trpcMutationRaw(path: string, inputJson: string, cookie: string) {
  const { action } = await import('#app/routes/api.trpc.$.ts')
  return invoke(action, `/api/trpc/${path}`, { ...rawJson(`{"json": ${inputJson}}`), cookie })
}
