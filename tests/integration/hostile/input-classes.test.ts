import { beforeAll, describe, expect, it } from 'vitest'
import * as adminPaymentsPage from '#app/routes/admin.payments.tsx'
import * as adminUsersPage from '#app/routes/admin.users._index.tsx'
import * as csvRoute from '#app/routes/api.billing.custom-credits.transactions[.]csv.ts'
import * as historyRoute from '#app/routes/api.billing.custom-credits.transactions.ts'
import * as transactionsPage from '#app/routes/transactions.tsx'
import * as loginPage from '#app/routes/login.tsx'
import { db } from '#db/client.ts'
import { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
import { callRoute, rawTrpcMutation, rawTrpcQuery, type RawResult } from '#tests/helpers/hostile.ts'
import { createTestUser, TEST_PASSWORD, type TestUser } from '#tests/helpers/users.ts'

/**
 * The three classes of input PostgreSQL refuses (issue #10), as plain examples: ids beyond
 * their column type, dates it cannot store or that do not exist, and text with NUL or other
 * control characters. Each is a 400 VALIDATION_FAILED naming the field, decided before any
 * statement runs (and before the first byte of a CSV is sent); the fuzz suites check the
 * same classes on every procedure and route.
 */

let admin: TestUser
let alice: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Classes Admin' })
  alice = await createTestUser({ name: 'Alice' })
  await adjustCreditsByAdmin(db, {
    userId: alice.id,
    amount: 1234,
    reason: 'opening balance',
    direction: 'add',
    admin,
  })
})

type ErrorBody = { code?: string; fields?: Record<string, string[]> }

function restError(result: RawResult): ErrorBody {
  return (JSON.parse(result.text) as { error: ErrorBody }).error
}

function trpcError(result: RawResult): { appCode?: string; fields?: Record<string, string[]> } {
  const body = JSON.parse(result.text) as {
    error: { json: { data: { appCode?: string; fields?: Record<string, string[]> } } }
  }
  return body.error.json.data
}

function expectRest400(result: RawResult, field: string, label: string) {
  expect(result.status, `${label} → ${result.text.slice(0, 300)}`).toBe(400)
  const error = restError(result)
  expect(error.code, label).toBe('VALIDATION_FAILED')
  expect(Object.keys(error.fields ?? {}), label).toContain(field)
}

function expectTrpc400(result: RawResult, field: string, label: string) {
  expect(result.status, `${label} → ${result.text.slice(0, 300)}`).toBe(400)
  const data = trpcError(result)
  expect(data.appCode, label).toBe('VALIDATION_FAILED')
  expect(Object.keys(data.fields ?? {}), label).toContain(field)
}

const mutate = (path: string, input: unknown, cookie = admin.cookie) =>
  rawTrpcMutation(
    path,
    JSON.stringify({ json: input }),
    { 'Content-Type': 'application/json' },
    cookie,
  )
const query = (path: string, input: unknown, cookie = admin.cookie) =>
  rawTrpcQuery(path, JSON.stringify({ json: input }), {}, cookie)

describe('dates PostgreSQL cannot store, or that do not exist', () => {
  const badDates: [string, string][] = [
    ['from=0000-01-01', 'from'],
    ['to=10000-01-01', 'to'],
    ['from=2026-02-30', 'from'],
    ['to=2026-04-31', 'to'],
    ['from=1969-12-31', 'from'],
    ['from=0000-01-01T00:00:00Z', 'from'],
    ['to=%2B010000-01-01T00:00:00Z', 'to'],
  ]

  it('the CSV export answers 400 JSON before it sends a byte of CSV', async () => {
    for (const [params, field] of badDates) {
      const result = await callRoute(
        csvRoute.loader,
        `/api/billing/custom-credits/transactions.csv?${params}`,
        { cookie: alice.cookie },
      )
      expectRest400(result, field, params)
      expect(result.headers.get('Content-Type'), params).toMatch(/^application\/json/)
    }
  })

  it('the history (REST and tRPC) answers 400 naming the field', async () => {
    for (const [params, field] of badDates) {
      const result = await callRoute(
        historyRoute.loader,
        `/api/billing/custom-credits/transactions?${params}`,
        { cookie: alice.cookie },
      )
      expectRest400(result, field, params)
      const [key, value] = params.split('=') as [string, string]
      const viaTrpc = await query(
        'customCredits.transactions',
        { [key]: decodeURIComponent(value) },
        alice.cookie,
      )
      expectTrpc400(viaTrpc, field, `tRPC ${params}`)
    }
  })

  it('a Date object PostgreSQL cannot store (superjson) is refused like the text', async () => {
    for (const iso of ['0000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z']) {
      const wire = `{"json":{"to":${JSON.stringify(iso)}},"meta":{"values":{"to":["Date"]}}}`
      const result = await rawTrpcQuery('customCredits.transactions', wire, {}, alice.cookie)
      expectTrpc400(result, 'to', iso)
    }
  })

  it('the supported range includes its last day, through its end', async () => {
    for (const params of ['from=1970-01-01', 'to=9999-12-31', 'from=2024-02-29&to=9999-12-31']) {
      const rest = await callRoute(
        historyRoute.loader,
        `/api/billing/custom-credits/transactions?${params}`,
        { cookie: alice.cookie },
      )
      expect(rest.status, `${params} → ${rest.text.slice(0, 300)}`).toBe(200)
      const csv = await callRoute(
        csvRoute.loader,
        `/api/billing/custom-credits/transactions.csv?${params}`,
        { cookie: alice.cookie },
      )
      expect(csv.status, `${params} → ${csv.text.slice(0, 300)}`).toBe(200)
      expect(csv.text.split('\n')[0]).toMatch(/^id,date_utc,/)
    }
  })

  it('/transactions shows the filter error on the field and the page still renders', async () => {
    for (const [params, field] of badDates) {
      const result = await callRoute(transactionsPage.loader, `/transactions?${params}`, {
        cookie: alice.cookie,
      })
      expect(result.status, `${params} → ${result.text.slice(0, 300)}`).toBe(200)
      const data = JSON.parse(result.text) as {
        errors: Record<string, string[]> | null
        history: { items: unknown[] }
      }
      expect(Object.keys(data.errors ?? {}), params).toContain(field)
      expect(Array.isArray(data.history.items), params).toBe(true)
    }
  })
})

describe('ids beyond their column type', () => {
  it('billing.notifications.markRead: integer ids above 2^31−1 are refused, the largest is fine', async () => {
    for (const id of [2147483648, 9007199254740991, 2 ** 53 + 2]) {
      expectTrpc400(
        await mutate('billing.notifications.markRead', { ids: [id] }, alice.cookie),
        'ids',
        String(id),
      )
    }
    const largest = await mutate(
      'billing.notifications.markRead',
      { ids: [2147483647] },
      alice.cookie,
    )
    expect(largest.status, largest.text).toBe(200)
  })

  it('account.apiTokens.revoke: 2^31 is a 400, 2^31−1 an honest 404', async () => {
    expectTrpc400(
      await mutate('account.apiTokens.revoke', { tokenId: 2147483648 }, alice.cookie),
      'tokenId',
      'revoke 2^31',
    )
    const largest = await mutate('account.apiTokens.revoke', { tokenId: 2147483647 }, alice.cookie)
    expect(largest.status, largest.text).toBe(404)
  })

  it('admin list cursors: integer columns stop at 2^31−1, bigint columns at 2^53−1', async () => {
    expectTrpc400(await query('admin.users.list', { cursor: 2147483648 }), 'cursor', 'users')
    expectTrpc400(await query('admin.payments.list', { cursor: 2147483648 }), 'cursor', 'payments')
    expectTrpc400(
      await query('billing.tokens.transactions', { cursor: 9007199254740992 }),
      'cursor',
      'token history',
    )
    expectTrpc400(
      await query('customCredits.transactions', { cursor: 9007199254740992 }),
      'cursor',
      'credit history',
    )
    expectTrpc400(
      await mutate('admin.virtfusion.cancelCredit', {
        userId: alice.id,
        tokenTransactionId: 9007199254740992,
        reason: 'edge of the column',
      }),
      'tokenTransactionId',
      'cancelCredit',
    )
    // A bigint column takes ids an integer column cannot.
    const deep = await query('customCredits.transactions', { cursor: 9007199254740991 })
    expect(deep.status, deep.text).toBe(200)
  })

  it('admin list pages with a cursor out of range in the URL answer 400, not 500', async () => {
    for (const [page, url] of [
      [adminUsersPage, '/admin/users?cursor=2147483648'],
      [adminPaymentsPage, '/admin/payments?cursor=2147483648'],
      [adminUsersPage, '/admin/users?cursor=99999999999999999999'],
    ] as const) {
      const result = await callRoute(page.loader, url, { cookie: admin.cookie })
      expectRest400(result, 'cursor', url)
    }
  })
})

describe('text with NUL and other control characters', () => {
  it('history search, token name, plan description and admin user search: 400 naming the field', async () => {
    const rest = await callRoute(
      historyRoute.loader,
      `/api/billing/custom-credits/transactions?search=${encodeURIComponent('a\u0000b')}`,
      { cookie: alice.cookie },
    )
    expectRest400(rest, 'search', 'history search')
    expectTrpc400(
      await query('customCredits.transactions', { search: 'a\u0000b' }, alice.cookie),
      'search',
      'history search (tRPC)',
    )
    expectTrpc400(
      await mutate('account.apiTokens.create', { name: 'cli\u0000', scope: 'read' }, alice.cookie),
      'name',
      'token name',
    )
    expectTrpc400(
      await mutate(
        'account.apiTokens.create',
        { name: 'cli\u001b[2J', scope: 'read' },
        alice.cookie,
      ),
      'name',
      'token name with an escape sequence',
    )
    expectTrpc400(
      await mutate('admin.dnsPlans.create', {
        slug: 'nul-plan',
        name: 'NUL Plan',
        description: 'nothing\u0000here',
        price: '5.00',
        maxDomains: 1,
        maxRecords: 1,
      }),
      'description',
      'plan description',
    )
    expectTrpc400(
      await mutate('admin.dnsPlans.create', {
        slug: 'nul-plan',
        name: 'NUL Plan',
        price: '5.00',
        maxDomains: 1,
        maxRecords: 1,
        features: ['ok', 'bad\u0000'],
      }),
      'features',
      'plan feature',
    )
    expectTrpc400(await query('admin.users.list', { search: '\u0000' }), 'search', 'user search')
    const page = await callRoute(adminUsersPage.loader, '/admin/users?q=%00', {
      cookie: admin.cookie,
    })
    expectRest400(page, 'search', '/admin/users?q=%00')
  })

  it('a multi-line plan description keeps its line breaks', async () => {
    const created = await mutate('admin.dnsPlans.create', {
      slug: 'multi-line-plan',
      name: 'Multi-line Plan',
      description: 'First line\nSecond line\tend',
      price: '5.00',
      maxDomains: 1,
      maxRecords: 1,
    })
    expect(created.status, created.text).toBe(200)
    expect(created.text).toContain('First line\\nSecond line\\tend')
  })

  it('the login form refuses a NUL in the email with 400 naming it, without signing in', async () => {
    const email = `x\u0000${Date.now()}@example.test`
    const result = await callRoute(loginPage.action, '/login', {
      method: 'POST',
      body: new URLSearchParams({ email, password: TEST_PASSWORD }),
    })
    expect(result.status, result.text).toBe(400)
    const error = (JSON.parse(result.text) as { error: ErrorBody }).error
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(error.fields ?? {})).toContain('email')
    expect(result.headers.get('Set-Cookie')).toBeNull()
  })
})
