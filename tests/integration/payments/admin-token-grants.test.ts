import { eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as grantRoute from '#app/routes/api.admin.users.$userId.virtfusion-tokens.ts'
import { db } from '#db/client.ts'
import { tokenTransactions } from '#db/schema/index.ts'
import { getProviders, type Providers } from '#server/integrations/providers.ts'
import { addTokensByAdmin } from '#server/services/virtfusion/admin-tokens.ts'
import { ensureVirtFusionLink } from '#server/services/virtfusion/ensure-virtfusion-link.ts'
import {
  sendAdminTokenGrant,
  sendDueAdminTokenGrants,
} from '#server/services/virtfusion/send-admin-token-grant.ts'
import { jsonBody, invoke } from '#tests/helpers/http.ts'
import {
  expectAppError,
  providersWithTimeouts,
  readRest,
  readTrpc,
  resetPaymentFakes,
  resetVirtFusionFake,
  tokenEntries,
  type ApiResult,
  type Via,
} from '#tests/helpers/payments.ts'
import { trpcMutation } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'

/**
 * Admin token grants (admin.virtfusion.addTokens, POST /api/admin/users/:id/virtfusion-tokens)
 * take an idempotency key: one grant per (user, key), sent to VirtFusion (which has no
 * idempotency key of its own) by exactly one caller, and the same answer for every repeat.
 */

let admin: TestUser
let otherAdmin: TestUser
let alice: TestUser

beforeAll(async () => {
  resetVirtFusionFake()
  admin = await createTestUser({ role: 'admin', name: 'Grant Admin' })
  otherAdmin = await createTestUser({ role: 'admin', name: 'Other Admin' })
})

beforeEach(async () => {
  resetPaymentFakes()
  alice = await createTestUser({ name: 'Alice' })
})

type Entry = { id: number; tokens: number; status: string; virtfusionCreditId: number | null }

async function grant(
  via: Via,
  caller: TestUser,
  userId: number,
  body: Record<string, unknown>,
): Promise<ApiResult<Entry>> {
  if (via === 'trpc') {
    return readTrpc<Entry>(
      await trpcMutation(
        'admin.virtfusion.addTokens',
        { userId, ...body },
        { cookie: caller.cookie },
      ),
    )
  }
  return readRest<Entry>(
    await invoke(grantRoute.action, `/api/admin/users/${userId}/virtfusion-tokens`, {
      ...jsonBody(body),
      cookie: caller.cookie,
      params: { userId: String(userId) },
    }),
  )
}

/** Alice's credit entries at VirtFusion (her VirtFusion extRelationId is her user id). */
const vfCredits = (userId: number) => virtfusionFake.credits(userId)

describe.each(['trpc', 'rest'] as const)('over %s', (via) => {
  it('grants once per key: a repeat answers with the same entry and sends nothing', async () => {
    const body = {
      tokens: 500,
      reason: 'Goodwill for the outage',
      idempotencyKey: 'grant-key-0001',
    }
    const first = await grant(via, admin, alice.id, body)
    expect(first.error).toBeNull()
    expect(first.data).toMatchObject({ tokens: 500, status: 'delivered' })
    expect(vfCredits(alice.id)).toEqual([
      expect.objectContaining({ tokens: 500, reference_1: first.data!.id, cancelled: false }),
    ])

    const again = await grant(via, admin, alice.id, body)
    expect(again.status).toBe(200)
    expect(again.data).toEqual(first.data)
    expect(vfCredits(alice.id)).toHaveLength(1)
    expect(await tokenEntries(alice.id)).toMatchObject([
      { id: first.data!.id, idempotencyKey: 'grant-key-0001', status: 'delivered' },
    ])
  })

  it('refuses another request under the same key with 409 and changes nothing', async () => {
    const key = { idempotencyKey: 'grant-key-0002' }
    const first = await grant(via, admin, alice.id, { tokens: 100, reason: 'First grant', ...key })
    expect(first.error).toBeNull()
    for (const [caller, body] of [
      [admin, { tokens: 101, reason: 'First grant', ...key }],
      [admin, { tokens: 100, reason: 'Another reason', ...key }],
      [otherAdmin, { tokens: 100, reason: 'First grant', ...key }],
    ] as const) {
      const conflict = await grant(via, caller, alice.id, body)
      expect(conflict.status).toBe(409)
      expect(conflict.error).toMatchObject({
        code: 'CONFLICT',
        message: 'This idempotency key was already used for a different request.',
      })
    }
    expect(await tokenEntries(alice.id)).toHaveLength(1)
    expect(vfCredits(alice.id)).toHaveLength(1)
  })

  it('without a key every request is its own grant (as before)', async () => {
    const body = { tokens: 5, reason: 'No key given' }
    expect((await grant(via, admin, alice.id, body)).status).toBe(200)
    expect((await grant(via, admin, alice.id, body)).status).toBe(200)
    expect(await tokenEntries(alice.id)).toHaveLength(2)
    expect(vfCredits(alice.id)).toHaveLength(2)
  })

  it('answers 400 for a bad key or amount, 404 for an unknown user, and records nothing', async () => {
    for (const body of [
      { tokens: 5, reason: 'Bad key', idempotencyKey: 'short' },
      { tokens: 5, reason: 'Bad key', idempotencyKey: 'has spaces in it' },
      { tokens: 0, reason: 'Zero', idempotencyKey: 'grant-key-0003' },
      { tokens: 1.5, reason: 'Fraction', idempotencyKey: 'grant-key-0003' },
    ]) {
      const refused = await grant(via, admin, alice.id, body)
      expect(refused.status, JSON.stringify(body)).toBe(400)
    }
    const unknown = await grant(via, admin, 2_000_000_000, {
      tokens: 5,
      reason: 'Nobody',
      idempotencyKey: 'grant-key-0004',
    })
    expect(unknown.status).toBe(404)
    expect(await tokenEntries(alice.id)).toHaveLength(0)
    expect(vfCredits(alice.id)).toHaveLength(0)
  })
})

describe('concurrency', () => {
  it('8 concurrent calls with one key (tRPC and REST, user not yet linked): one entry, one VirtFusion credit, one answer', async () => {
    const body = { tokens: 750, reason: 'Concurrent grant', idempotencyKey: 'grant-key-race-8' }
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => grant(i % 2 ? 'rest' : 'trpc', admin, alice.id, body)),
    )
    for (const result of results) expect(result.error).toBeNull()
    const ids = new Set(results.map((result) => result.data!.id))
    expect(ids.size).toBe(1)
    expect(results.map((result) => result.data)).toEqual(Array(8).fill(results[0]!.data))
    expect(results[0]!.data).toMatchObject({ status: 'delivered', tokens: 750 })

    const entries = await tokenEntries(alice.id)
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ status: 'delivered', tokens: 750 })
    expect(vfCredits(alice.id)).toEqual([
      expect.objectContaining({ tokens: 750, id: entries[0]!.virtfusionCreditId }),
    ])
    expect(virtfusionFake.users().filter((u) => u.extRelationId === alice.id)).toHaveLength(1)
  })

  it('repeats that arrive while VirtFusion is still answering wait for that answer', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let sends = 0
    const real = getProviders()
    const slow: Providers = {
      ...real,
      virtfusion: {
        ...real.virtfusion,
        addCredit: async (...args) => {
          sends++
          await gate
          return real.virtfusion.addCredit(...args)
        },
      },
    }
    const input = {
      userId: alice.id,
      tokens: 42,
      reason: 'Slow VirtFusion',
      idempotencyKey: 'grant-key-slow',
      adminId: admin.id,
    }
    const calls = Array.from({ length: 8 }, () => addTokensByAdmin(db, slow, input))
    // Everyone has recorded or found the grant and is waiting on the one send.
    await expect.poll(() => sends).toBe(1)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(await tokenEntries(alice.id)).toMatchObject([{ status: 'pending' }])
    release()
    const answers = await Promise.all(calls)
    expect(new Set(answers.map((answer) => answer.id)).size).toBe(1)
    expect(answers.every((answer) => answer.status === 'delivered')).toBe(true)
    expect(sends).toBe(1)
    expect(vfCredits(alice.id)).toHaveLength(1)
  })
})

describe('VirtFusion failures', () => {
  it('a definite failure cancels the grant; the same key keeps that answer, a new key grants', async () => {
    virtfusionFake.setOutage(true)
    const body = { tokens: 300, reason: 'During the outage', idempotencyKey: 'grant-key-down' }
    const failed = await grant('trpc', admin, alice.id, body)
    expect(failed.status).toBe(502)
    expect(failed.error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'VirtFusion did not accept the credit; nothing was added. Try again later.',
      details: { outcome: 'not_added' },
    })
    virtfusionFake.setOutage(false)
    const requests = virtfusionFake.requestCount()
    const repeat = await grant('rest', admin, alice.id, body)
    expect(repeat.status).toBe(502)
    expect(repeat.error?.details).toEqual(failed.error?.details)
    expect(virtfusionFake.requestCount()).toBe(requests)
    expect(await tokenEntries(alice.id)).toMatchObject([{ status: 'cancelled' }])

    const fresh = await grant('trpc', admin, alice.id, { ...body, idempotencyKey: 'grant-key-up' })
    expect(fresh.data).toMatchObject({ status: 'delivered' })
    expect(vfCredits(alice.id)).toHaveLength(1)
  })

  it('an unknown outcome goes to review and is never sent again under the same key', async () => {
    const quick = providersWithTimeouts({ virtfusionMs: 1000 })
    const input = {
      userId: alice.id,
      tokens: 900,
      reason: 'Lost answer',
      idempotencyKey: 'grant-key-lost',
      adminId: admin.id,
    }
    // Linked first, so the timeout hits the credit call itself.
    await ensureVirtFusionLink(db, quick, alice.id)
    virtfusionFake.timeoutNext()
    const lost = await expectAppError(addTokensByAdmin(db, quick, input), 'UPSTREAM_UNAVAILABLE')
    expect(lost.message).toMatch(/may have been added/)
    expect(lost.details).toMatchObject({ outcome: 'unknown' })
    // VirtFusion applied it; we do not know that, so we must not send it again.
    expect(vfCredits(alice.id)).toHaveLength(1)
    const again = await expectAppError(addTokensByAdmin(db, quick, input), 'UPSTREAM_UNAVAILABLE')
    expect(again.details).toEqual(lost.details)
    expect(await sendDueAdminTokenGrants(db, quick)).toMatchObject({ delivered: 0 })
    expect(vfCredits(alice.id)).toHaveLength(1)
    expect(await tokenEntries(alice.id)).toMatchObject([{ status: 'review' }])
  })
})

describe('the sweep', () => {
  const recordOnly = async (userId: number, key: string, minutesAgo: number) => {
    const [row] = await db
      .insert(tokenTransactions)
      .values({
        userId,
        type: 'admin_add',
        tokens: 60,
        adminUserId: admin.id,
        reason: 'Recorded, then the request died',
        description: '60 tokens added by an administrator',
        idempotencyKey: key,
        createdAt: sql`now() - make_interval(mins => ${minutesAgo})`,
      })
      .returning()
    return row!
  }

  it('sends a grant whose request died before sending it, once', async () => {
    const young = await recordOnly(alice.id, 'grant-key-young', 0)
    const orphan = await recordOnly(alice.id, 'grant-key-orphan', 5)
    const first = await sendDueAdminTokenGrants(db, getProviders())
    expect(first.delivered).toBe(1)
    expect(await sendDueAdminTokenGrants(db, getProviders())).toMatchObject({ delivered: 0 })
    const entries = await tokenEntries(alice.id)
    expect(entries.find((e) => e.id === orphan.id)).toMatchObject({ status: 'delivered' })
    // The young one still belongs to its request.
    expect(entries.find((e) => e.id === young.id)).toMatchObject({ status: 'pending' })
    expect(vfCredits(alice.id)).toEqual([expect.objectContaining({ reference_1: orphan.id })])
    // Its request, retried with the same key, answers with the delivered grant.
    const retried = await addTokensByAdmin(db, getProviders(), {
      userId: alice.id,
      tokens: 60,
      reason: 'Recorded, then the request died',
      idempotencyKey: 'grant-key-orphan',
      adminId: admin.id,
    })
    expect(retried).toMatchObject({ id: orphan.id, status: 'delivered' })
    expect(vfCredits(alice.id)).toHaveLength(1)
  })

  it('a grant whose sender died mid-call goes to review, never sent twice', async () => {
    const grantRow = await recordOnly(alice.id, 'grant-key-stale', 30)
    await db
      .update(tokenTransactions)
      .set({ claimedAt: sql`now() - interval '20 minutes'` })
      .where(eq(tokenTransactions.id, grantRow.id))
    expect(await sendAdminTokenGrant(db, getProviders(), grantRow.id)).toBe('noop')
    expect(await sendDueAdminTokenGrants(db, getProviders())).toMatchObject({
      review: 1,
      delivered: 0,
    })
    expect(await tokenEntries(alice.id)).toMatchObject([{ status: 'review' }])
    expect(vfCredits(alice.id)).toHaveLength(0)
  })
})
