import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as listRoute from '#app/routes/api.billing.transactions.ts'
import * as csvRoute from '#app/routes/api.billing.transactions[.]csv.ts'
import { db } from '#db/client.ts'
import { tokenTransactions } from '#db/schema/index.ts'
import { getDashboard } from '#server/services/billing/get-dashboard.ts'
import { listTransactions } from '#server/services/billing/list-transactions.ts'
import { ZTransactionListQuery } from '#server/services/billing/transaction-schemas.ts'
import { getProviders } from '#server/integrations/providers.ts'
import { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
import { fund, ledgerAdmin, planId } from '#tests/helpers/dns.ts'
import { invoke } from '#tests/helpers/http.ts'
import { trpcData, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * The unified Transactions view: custom-credit ledger entries and VirtFusion token movements
 * of one user in one list (billing.transactions, GET /api/billing/transactions and its CSV),
 * and the dashboard built on it.
 */

let alice: TestUser
let bob: TestUser

/** A token movement recorded `daysAgo` days back (the sweep never sends these: they are old). */
async function tokenEntry(
  userId: number,
  values: { type: 'admin_add' | 'purchase'; tokens: number; description: string; daysAgo: number },
) {
  const admin = await ledgerAdmin()
  await db.insert(tokenTransactions).values({
    userId,
    type: values.type,
    tokens: values.tokens,
    status: 'delivered',
    description: values.description,
    adminUserId: values.type === 'admin_add' ? admin.id : null,
    reason: values.type === 'admin_add' ? 'goodwill' : null,
    createdAt: sql`now() - make_interval(days => ${values.daysAgo})`,
  })
}

const list = (userId: number, input: Record<string, unknown> = {}) =>
  listTransactions(db, userId, ZTransactionListQuery.parse(input))

beforeAll(async () => {
  alice = await createTestUser({ name: 'Alice Ledgers' })
  bob = await createTestUser({ name: 'Bob Elsewhere' })
  await tokenEntry(alice.id, {
    type: 'admin_add',
    tokens: 1500,
    description: 'Welcome tokens',
    daysAgo: 10,
  })
  await fund(alice.id, 2500, 'initial credits')
  await tokenEntry(alice.id, {
    type: 'purchase',
    tokens: 1000,
    description: 'Bought 1,000 tokens',
    daysAgo: 0,
  })
  await fund(alice.id, 500, 'coffee money')
  await fund(bob.id, 100, 'bob only')
})

describe('one history for both balances', () => {
  it('lists credits and tokens together, newest first, only the caller’s own', async () => {
    const page = await list(alice.id)
    expect(page.items.map((e) => [e.balance, e.type])).toEqual([
      ['credits', 'admin_add'],
      ['tokens', 'purchase'],
      ['credits', 'admin_add'],
      ['tokens', 'admin_add'],
    ])
    const [latest, , , oldest] = page.items
    expect(latest).toMatchObject({ balance: 'credits', reason: 'coffee money' })
    expect(latest?.balance === 'credits' && latest.balanceAfter.cents).toBe(3000)
    expect(oldest).toMatchObject({ balance: 'tokens', tokens: 1500, status: 'delivered' })
    expect(new Set(page.items.map((e) => e.key)).size).toBe(4)
    expect(page.pagination).toMatchObject({ page: 1, pageCount: 1, totalCount: 4 })
    expect((await list(bob.id)).items).toHaveLength(1)
  })

  it('filters by balance, type (across both ledgers), dates and search; pages', async () => {
    const balances = async (input: Record<string, unknown>) =>
      (await list(alice.id, input)).items.map((e) => `${e.balance}:${e.type}`)
    expect(await balances({ balance: 'tokens' })).toEqual(['tokens:purchase', 'tokens:admin_add'])
    expect(await balances({ balance: 'credits', type: 'purchase' })).toEqual([])
    expect(await balances({ type: ['admin_add'] })).toEqual([
      'credits:admin_add',
      'credits:admin_add',
      'tokens:admin_add',
    ])
    // A type only tokens have leaves the credit ledger out entirely.
    expect(await balances({ type: 'admin_cancel' })).toEqual([])
    expect(await balances({ search: 'COFFEE' })).toEqual(['credits:admin_add'])
    expect(await balances({ search: 'goodwill' })).toEqual(['tokens:admin_add'])
    // LIKE wildcards are text, not patterns.
    expect(await balances({ search: '%' })).toEqual([])
    const today = new Date().toISOString().slice(0, 10)
    expect(await balances({ from: today, to: today })).toHaveLength(3)
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)
    expect(await balances({ to: tenDaysAgo })).toEqual(['tokens:admin_add'])

    const second = await list(alice.id, { limit: 3, page: 2 })
    expect(second.items.map((e) => e.balance)).toEqual(['tokens'])
    expect(second.pagination).toMatchObject({ page: 2, pageCount: 2, totalCount: 4 })
  })

  it('tRPC and REST answer the same page; anonymous callers get 401', async () => {
    expect((await trpcQuery('billing.transactions', {})).status).toBe(401)
    expect((await invoke(listRoute.loader, '/api/billing/transactions')).status).toBe(401)
    const viaTrpc = await trpcData<{ items: { key: string }[] }>(
      await trpcQuery('billing.transactions', { balance: 'tokens' }, alice.cookie),
    )
    const viaRest = (await (
      await invoke(listRoute.loader, '/api/billing/transactions?balance=tokens', {
        cookie: alice.cookie,
      })
    ).json()) as { items: { key: string }[] }
    expect(viaTrpc.items.map((e) => e.key)).toEqual(viaRest.items.map((e) => e.key))
    expect(viaRest.items).toHaveLength(2)
  })
})

describe('hostile filters', () => {
  const hostile = [
    'balance=everything',
    'type=nope',
    'type=purchase&type=%27%3Bdrop%20table%20users',
    'from=2026-02-30',
    'from=99999-01-01',
    'to=yesterday',
    'from=2026-05-02&to=2026-05-01',
    'search=%00',
    `search=${'x'.repeat(201)}`,
    'page=0',
    'page=401',
    'page=1e3',
    'page=123456789012345678901234567890',
    'limit=101',
    'limit=-1',
  ]

  it.each(hostile)('GET /api/billing/transactions?%s → 400 naming the field', async (query) => {
    const response = await invoke(listRoute.loader, `/api/billing/transactions?${query}`, {
      cookie: alice.cookie,
    })
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { code: string; fields: object } }
    expect(body.error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(body.error.fields).length).toBeGreaterThan(0)
  })

  it('reports every bad field at once, the date order too', async () => {
    const response = await invoke(
      listRoute.loader,
      '/api/billing/transactions?type=nope&search=%00&from=2026-05-02&to=2026-05-01',
      { cookie: alice.cookie },
    )
    const body = (await response.json()) as { error: { fields: Record<string, string[]> } }
    expect(Object.keys(body.error.fields).sort()).toEqual(['from', 'search', 'type'])
  })

  it('the CSV and tRPC refuse the same input with 4xx, never 500', async () => {
    const csv = await invoke(csvRoute.loader, '/api/billing/transactions.csv?from=2026-13-01', {
      cookie: alice.cookie,
    })
    expect(csv.status).toBe(400)
    const trpc = await trpcQuery(
      'billing.transactions',
      { type: ['purchase', 42], page: -1, from: { $gt: '' } },
      alice.cookie,
    )
    expect(trpc.status).toBe(400)
  })
})

describe('CSV export', () => {
  it('streams both balances, filtered, past one batch without losing or repeating a row', async () => {
    const carol = await createTestUser({ name: 'Carol Many' })
    // 1,200 entries at the very same instant: the keyset must break ties by ledger and id.
    await db.insert(tokenTransactions).values(
      Array.from({ length: 1200 }, (_, i) => ({
        userId: carol.id,
        type: 'purchase' as const,
        tokens: i + 1,
        status: 'delivered' as const,
        description: `=HYPERLINK("x") ${i}`,
        createdAt: sql`'2026-01-15T12:00:00.123456Z'::timestamptz`,
      })),
    )
    await fund(carol.id, 1234, 'credits too')
    const response = await invoke(csvRoute.loader, '/api/billing/transactions.csv', {
      cookie: carol.cookie,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/text\/csv/)
    const lines = (await response.text()).trim().split('\n')
    expect(lines[0]).toBe(
      'balance,id,date_utc,type,description,reason,amount_usd,balance_after_usd,tokens,token_status',
    )
    expect(lines).toHaveLength(1 + 1201)
    expect(lines[1]).toMatch(/^credits,\d+,.*,admin_add,.*,12\.34,12\.34,,$/)
    const tokens = lines.slice(2).map((line) => Number(line.split(',').at(-2)))
    expect(new Set(tokens).size).toBe(1200)
    expect(tokens[0]).toBe(1200)
    // A formula in the description is defused.
    expect(lines[2]).toContain(`"'=HYPERLINK(""x"") 1199"`)

    const onlyCredits = await invoke(
      csvRoute.loader,
      '/api/billing/transactions.csv?balance=credits',
      { cookie: carol.cookie },
    )
    expect((await onlyCredits.text()).trim().split('\n')).toHaveLength(2)
  })
})

describe('dashboard', () => {
  it('shows both balances, the next renewal and whether the credits cover it, recent activity', async () => {
    const dana = await createTestUser({ name: 'Dana Dashboard' })
    const empty = await getDashboard(db, getProviders(), dana.id)
    expect(empty.dns).toEqual({ subscription: null, renewal: null })
    expect(empty.recent).toEqual([])
    expect(empty.balance.customCredits.balance.cents).toBe(0)

    await fund(dana.id, 2000)
    const sub = await purchasePlan(db, { userId: dana.id, planId: await planId('pro') })
    const after = await getDashboard(db, getProviders(), dana.id)
    const price = sub.plan.price.cents
    expect(after.balance.customCredits.balance.cents).toBe(2000 - price)
    expect(after.dns.renewal).toMatchObject({
      at: sub.currentPeriodEnd,
      amount: { cents: price },
      overdue: false,
      covered: 2000 - price >= price,
      shortfall: { cents: Math.max(0, price - (2000 - price)) },
    })
    expect(after.recent.map((e) => e.type)).toEqual(['service_purchase', 'admin_add'])

    const viaTrpc = await trpcData<{ dns: { renewal: { covered: boolean } | null } }>(
      await trpcQuery('billing.dashboard', undefined, dana.cookie),
    )
    expect(viaTrpc.dns.renewal?.covered).toBe(after.dns.renewal?.covered)
    expect((await trpcQuery('billing.dashboard', undefined)).status).toBe(401)
  })
})
