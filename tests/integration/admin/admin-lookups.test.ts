import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import {
  tokenTransactions,
  topups,
  virtfusionBalances,
  type TopupStatus,
} from '#db/schema/index.ts'
import { trpcError } from '#tests/helpers/dns.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Admins look things up: the payments list (problem top-ups or all, by status, purpose and
 * one search text) and the global admin search (users, top-ups, both ledgers).
 */

type TopupRow = {
  id: number
  status: TopupStatus
  purpose: string
  user: { id: number; email: string }
  paypalOrderId: string | null
}
type TopupPage = { items: TopupRow[]; nextCursor: number | null }
type SearchResults = {
  q: string
  users: { id: number; email: string }[]
  topups: { id: number; userId: number }[]
  creditEntries: { id: number; userId: number; idempotencyKey: string | null }[]
  tokenEntries: { id: number; userId: number }[]
  truncated: string[]
}

let admin: TestUser
let alice: TestUser
let bob: TestUser
const ids = { aliceCompleted: 0, aliceReview: 0, bobFailed: 0, bobCreated: 0 }

async function insertTopup(
  user: TestUser,
  status: TopupStatus,
  extra: {
    purpose?: 'custom_credits' | 'virtfusion_tokens'
    order?: string
    capture?: string
  } = {},
): Promise<number> {
  const purpose = extra.purpose ?? 'custom_credits'
  const [row] = await db
    .insert(topups)
    .values({
      userId: user.id,
      purpose,
      amountCents: 1000,
      tokens: purpose === 'virtfusion_tokens' ? 1000 : null,
      status,
      paypalOrderId: extra.order ?? null,
      paypalCaptureId: extra.capture ?? null,
    })
    .returning({ id: topups.id })
  return row!.id
}

const listPayments = async (input: Record<string, unknown>, cookie = admin.cookie) =>
  trpcData<TopupPage>(await trpcQuery('admin.payments.list', input, cookie))
const search = async (q: string) =>
  trpcData<SearchResults>(await trpcQuery('admin.search', { q }, admin.cookie))

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Lookup Admin' })
  alice = await createTestUser({ name: 'Alice Lookup' })
  bob = await createTestUser({ name: 'Bob Lookup' })
  ids.aliceCompleted = await insertTopup(alice, 'completed', {
    order: '5AB11111CD222222E',
    capture: '9XY33333ZW444444V',
  })
  ids.aliceReview = await insertTopup(alice, 'review', {
    purpose: 'virtfusion_tokens',
    order: '7QQ55555RR666666S',
    capture: '1TT77777UU888888W',
  })
  ids.bobFailed = await insertTopup(bob, 'failed', { order: '3MM99999NN000000P' })
  ids.bobCreated = await insertTopup(bob, 'created')
})

describe('admin.payments.list', () => {
  it('lists top-ups needing attention by default, and every top-up of both balances with view=all', async () => {
    const attention = (await listPayments({})).items.map((item) => item.id)
    expect(attention).toContain(ids.aliceReview)
    expect(attention).toContain(ids.bobFailed)
    expect(attention).not.toContain(ids.aliceCompleted)
    expect(attention).not.toContain(ids.bobCreated)

    const all = (await listPayments({ view: 'all' })).items.map((item) => item.id)
    expect(all).toEqual(
      [ids.aliceCompleted, ids.aliceReview, ids.bobFailed, ids.bobCreated].sort((a, b) => b - a),
    )
    const completed = await listPayments({ view: 'all', statuses: ['completed'] })
    expect(completed.items.map((item) => item.id)).toEqual([ids.aliceCompleted])
    const tokens = await listPayments({ view: 'all', purpose: 'virtfusion_tokens' })
    expect(tokens.items.map((item) => item.id)).toEqual([ids.aliceReview])
  })

  it('finds top-ups by user id, email (any part, any case), top-up id, PayPal order or capture id', async () => {
    const found = async (q: string) =>
      (await listPayments({ view: 'all', q })).items.map((item) => item.id).sort((a, b) => a - b)
    expect(await found(String(alice.id))).toEqual(
      expect.arrayContaining([ids.aliceCompleted, ids.aliceReview]),
    )
    expect(await found(alice.email.toUpperCase())).toEqual(
      [ids.aliceCompleted, ids.aliceReview].sort((a, b) => a - b),
    )
    expect(await found('7qq55555rr666666s')).toEqual([ids.aliceReview])
    expect(await found('9XY33333ZW444444V')).toEqual([ids.aliceCompleted])
    expect(await found(`#${ids.bobCreated}`)).toEqual([ids.bobCreated])
    // A search stays within the chosen view: a completed top-up needs no attention.
    expect((await listPayments({ q: '5AB11111CD222222E' })).items).toEqual([])
    // Wildcards are text, not patterns.
    expect(await found('%')).toEqual([])
  })

  it('pages with a cursor, newest first', async () => {
    const first = await listPayments({ view: 'all', limit: 3 })
    expect(first.items).toHaveLength(3)
    expect(first.nextCursor).toBe(first.items[2]!.id)
    const second = await listPayments({ view: 'all', limit: 3, cursor: first.nextCursor })
    expect(second.items.map((item) => item.id)).toEqual([ids.aliceCompleted])
    expect(second.nextCursor).toBeNull()
  })

  it('refuses hostile input with a 400 naming the field, and non-admins with 401/403', async () => {
    for (const [input, field] of [
      [{ q: 'a\u0000b' }, 'q'],
      [{ q: 'x'.repeat(201) }, 'q'],
      [{ view: 'everything' }, 'view'],
      [{ statuses: ['lost'] }, 'statuses'],
      [{ purpose: 'gold' }, 'purpose'],
      [{ cursor: 2147483648 }, 'cursor'],
      [{ limit: 0 }, 'limit'],
      [{ limit: '1e3' }, 'limit'],
    ] as const) {
      const error = await trpcError(await trpcQuery('admin.payments.list', input, admin.cookie))
      expect(error.status, JSON.stringify(input)).toBe(400)
      expect(Object.keys(error.fields ?? {})).toContain(field)
    }
    expect((await trpcQuery('admin.payments.list', {}, alice.cookie)).status).toBe(403)
    expect((await trpcQuery('admin.payments.list', {})).status).toBe(401)
  })
})

describe('admin.search', () => {
  let creditEntryId: number
  let tokenEntryId: number
  const creditKey = `lookup-${randomUUID()}`
  const tokenKey = `grant-${randomUUID()}`

  beforeAll(async () => {
    const added = await trpcData<{ entry: { id: number } }>(
      await trpcMutation(
        'admin.customCredits.add',
        {
          userId: bob.id,
          amount: '2.50',
          reason: 'goodwill for the lookup test',
          idempotencyKey: creditKey,
        },
        { cookie: admin.cookie },
      ),
    )
    creditEntryId = added.entry.id
    const [token] = await db
      .insert(tokenTransactions)
      .values({
        userId: alice.id,
        type: 'admin_add',
        tokens: 500,
        status: 'delivered',
        adminUserId: admin.id,
        reason: 'lookup test grant',
        description: 'Tokens added by an administrator',
        idempotencyKey: tokenKey,
      })
      .returning({ id: tokenTransactions.id })
    tokenEntryId = token!.id
  })

  it('finds users by id, any part of the email or name', async () => {
    expect((await search(String(bob.id))).users[0]?.id).toBe(bob.id)
    expect((await search(alice.email.slice(0, 12))).users.map((u) => u.id)).toEqual([alice.id])
    expect((await search('bob look')).users.map((u) => u.id)).toEqual([bob.id])
  })

  it('finds top-ups by id, order or capture id (any case)', async () => {
    expect((await search('3mm99999nn000000p')).topups.map((t) => t.id)).toEqual([ids.bobFailed])
    expect((await search('1TT77777UU888888W')).topups.map((t) => t.id)).toEqual([ids.aliceReview])
    expect((await search(`#${ids.bobCreated}`)).topups.map((t) => t.id)).toEqual([ids.bobCreated])
  })

  it('finds ledger entries of both balances by id or idempotency key', async () => {
    const byKey = await search(creditKey)
    expect(byKey.creditEntries).toEqual([
      expect.objectContaining({ id: creditEntryId, userId: bob.id, idempotencyKey: creditKey }),
    ])
    expect((await search(tokenKey)).tokenEntries.map((e) => e.id)).toEqual([tokenEntryId])
    expect((await search(String(creditEntryId))).creditEntries.map((e) => e.id)).toEqual([
      creditEntryId,
    ])
    expect((await search(String(tokenEntryId))).tokenEntries.map((e) => e.id)).toEqual([
      tokenEntryId,
    ])
  })

  it('finds nothing, without an error, for text that matches nothing or looks like SQL', async () => {
    for (const q of ["' or 1=1 --", '%', '_', 'no-such-thing-anywhere', '99999999999999999']) {
      const results = await search(q)
      expect(results.users.length + results.topups.length, q).toBe(0)
      expect(results.creditEntries.length + results.tokenEntries.length, q).toBe(0)
    }
  })

  it('refuses an empty, huge or control-character search with a 400, and non-admins', async () => {
    for (const input of [
      {},
      { q: '' },
      { q: '   ' },
      { q: 'x'.repeat(201) },
      { q: 'a\u0007' },
      { q: 5 },
    ]) {
      const error = await trpcError(await trpcQuery('admin.search', input, admin.cookie))
      expect(error.status, JSON.stringify(input)).toBe(400)
    }
    expect((await trpcQuery('admin.search', { q: 'a' }, bob.cookie)).status).toBe(403)
    expect((await trpcQuery('admin.search', { q: 'a' })).status).toBe(401)
  })
})

describe('admin.users.list shows both balances', () => {
  it('custom credits from the ledger, tokens as VirtFusion last reported them with the time', async () => {
    const readAt = new Date('2026-11-01T10:00:00Z')
    await db
      .insert(virtfusionBalances)
      .values({ userId: alice.id, tokens: 12_345, fetchedAt: readAt })
    await trpcMutation(
      'admin.customCredits.add',
      { userId: alice.id, amount: '4.20', reason: 'balance column test' },
      { cookie: admin.cookie },
    )
    type Item = {
      id: number
      credits: { cents: number }
      tokens: { count: number; fetchedAt: string } | null
    }
    const list = await trpcData<{ items: Item[] }>(
      await trpcQuery('admin.users.list', { search: 'Lookup' }, admin.cookie),
    )
    const byId = new Map(list.items.map((item) => [item.id, item]))
    expect(byId.get(alice.id)).toMatchObject({
      credits: { cents: 420 },
      tokens: { count: 12_345, fetchedAt: readAt.toISOString() },
    })
    // Bob's tokens were never read: no made-up zero.
    expect(byId.get(bob.id)).toMatchObject({ tokens: null })
    expect(byId.get(bob.id)!.credits.cents).toBeGreaterThan(0)
  })
})
