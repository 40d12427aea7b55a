import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import * as adminCredits from '#app/routes/api.admin.users.$userId.custom-credits.ts'
import * as balanceRoute from '#app/routes/api.billing.balance.ts'
import * as csvRoute from '#app/routes/api.billing.custom-credits.transactions[.]csv.ts'
import * as createOrderRoute from '#app/routes/api.billing.custom-credits.orders.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import { apiTokens, creditTransactions } from '#db/schema/index.ts'
import { createApiToken, revokeApiToken } from '#server/services/api-tokens/api-tokens.ts'
import { invoke } from '#tests/helpers/http.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

let admin: TestUser
let user: TestUser
const tokens: Record<'read' | 'write' | 'adminRead' | 'adminWrite' | 'adminAdmin', string> = {
  read: '',
  write: '',
  adminRead: '',
  adminWrite: '',
  adminAdmin: '',
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
const trpcGet = (path: string, input: unknown, headers: Record<string, string>) =>
  invoke(
    trpcRoute.loader,
    `/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    { headers },
  )
const trpcPost = (path: string, input: unknown, headers: Record<string, string>) =>
  invoke(trpcRoute.action, `/api/trpc/${path}`, {
    method: 'POST',
    body: JSON.stringify({ json: input }),
    headers: { 'Content-Type': 'application/json', ...headers },
  })

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin' })
  user = await createTestUser()
  tokens.read = (await createApiToken(db, { user, name: 'r', scope: 'read' })).token
  tokens.write = (await createApiToken(db, { user, name: 'w', scope: 'write' })).token
  tokens.adminRead = (await createApiToken(db, { user: admin, name: 'ar', scope: 'read' })).token
  tokens.adminWrite = (await createApiToken(db, { user: admin, name: 'aw', scope: 'write' })).token
  tokens.adminAdmin = (await createApiToken(db, { user: admin, name: 'aa', scope: 'admin' })).token
})

describe('API tokens against every route class', () => {
  it('stores only a hash and shows the token once', async () => {
    const rows = await db.select().from(apiTokens).where(eq(apiTokens.userId, user.id))
    expect(rows.map((r) => r.tokenHash)).not.toContain(tokens.read)
    expect(JSON.stringify(rows)).not.toContain(tokens.read)
  })

  it('reads: any scope may query its own data (tRPC and REST, CSV included)', async () => {
    for (const token of [tokens.read, tokens.write]) {
      expect((await trpcGet('customCredits.balance', undefined, bearer(token))).status).toBe(200)
      expect(
        (await invoke(balanceRoute.loader, '/api/billing/balance', { headers: bearer(token) }))
          .status,
      ).toBe(200)
      expect(
        (
          await invoke(csvRoute.loader, '/api/billing/custom-credits/transactions.csv', {
            headers: bearer(token),
          })
        ).status,
      ).toBe(200)
    }
  })

  it('money-moving writes need write scope; a read token gets 403 and nothing moves', async () => {
    const body = {
      method: 'POST',
      body: JSON.stringify({ amount: '5.00' }),
      headers: { 'Content-Type': 'application/json' },
    }
    const refused = await invoke(createOrderRoute.action, '/api/billing/custom-credits/orders', {
      ...body,
      headers: { ...body.headers, ...bearer(tokens.read) },
    })
    expect(refused.status).toBe(403)
    expect(
      (await trpcPost('customCredits.createOrder', { amount: '5.00' }, bearer(tokens.read))).status,
    ).toBe(403)
    const allowed = await invoke(createOrderRoute.action, '/api/billing/custom-credits/orders', {
      ...body,
      headers: { ...body.headers, ...bearer(tokens.write) },
    })
    expect(allowed.status).toBe(200)
  })

  it('admin procedures need an admin user AND the admin scope', async () => {
    const input = { userId: user.id, amount: '1.00', reason: 'token matrix' }
    expect((await trpcPost('admin.customCredits.add', input, bearer(tokens.write))).status).toBe(
      403,
    )
    expect(
      (await trpcPost('admin.customCredits.add', input, bearer(tokens.adminRead))).status,
    ).toBe(403)
    expect(
      (await trpcPost('admin.customCredits.add', input, bearer(tokens.adminWrite))).status,
    ).toBe(403)
    expect(
      (await trpcPost('admin.customCredits.add', input, bearer(tokens.adminAdmin))).status,
    ).toBe(200)
    const rest = (token: string) =>
      invoke(adminCredits.action, `/api/admin/users/${user.id}/custom-credits`, {
        method: 'POST',
        body: JSON.stringify({ amount: '1.00', reason: 'token matrix' }),
        headers: { 'Content-Type': 'application/json', ...bearer(token) },
        params: { userId: String(user.id) },
      })
    expect((await rest(tokens.adminWrite)).status).toBe(403)
    expect((await rest(tokens.adminAdmin)).status).toBe(200)
    expect(await db.$count(creditTransactions, eq(creditTransactions.userId, user.id))).toBe(2)
  })

  it('token requests skip the Origin check; cookie requests do not', async () => {
    const input = { userId: user.id, amount: '1.00', reason: 'origin check' }
    const viaToken = await trpcPost('admin.customCredits.add', input, {
      ...bearer(tokens.adminAdmin),
      Origin: 'https://elsewhere.example',
    })
    expect(viaToken.status).toBe(200)
    const viaCookie = await invoke(trpcRoute.action, '/api/trpc/admin.customCredits.add', {
      method: 'POST',
      body: JSON.stringify({ json: input }),
      headers: { 'Content-Type': 'application/json', Origin: 'https://elsewhere.example' },
      cookie: admin.cookie,
    })
    expect(viaCookie.status).toBe(403)
  })

  it('revoked, expired, unknown and malformed tokens get 401 and never fall back to the cookie', async () => {
    const revoked = await createApiToken(db, { user, name: 'gone', scope: 'read' })
    await revokeApiToken(db, { userId: user.id, tokenId: revoked.view.id })
    const expired = await createApiToken(db, {
      user,
      name: 'old',
      scope: 'read',
      expiresInDays: 1,
      now: new Date(Date.now() - 2 * 86_400_000),
    })
    for (const headers of [
      bearer(revoked.token),
      bearer(expired.token),
      bearer('spk_not-a-real-token'),
      { Authorization: 'Basic abc' },
    ]) {
      expect((await trpcGet('customCredits.balance', undefined, headers)).status).toBe(401)
      expect(
        (
          await invoke(balanceRoute.loader, '/api/billing/balance', {
            headers,
            cookie: user.cookie,
          })
        ).status,
      ).toBe(401)
    }
  })

  it('tokens cannot manage tokens, and only admins get admin tokens', async () => {
    expect(
      (await trpcGet('account.apiTokens.list', undefined, bearer(tokens.adminAdmin))).status,
    ).toBe(403)
    expect(
      (
        await trpcPost(
          'account.apiTokens.create',
          { name: 'x', scope: 'admin' },
          bearer(tokens.adminAdmin),
        )
      ).status,
    ).toBe(403)
    const viaSession = await invoke(trpcRoute.action, '/api/trpc/account.apiTokens.create', {
      method: 'POST',
      body: JSON.stringify({ json: { name: 'mine', scope: 'admin' } }),
      headers: { 'Content-Type': 'application/json' },
      cookie: user.cookie,
    })
    expect(viaSession.status).toBe(403)
  })

  it('a user can revoke only their own tokens', async () => {
    const theirs = await createApiToken(db, { user: admin, name: 'admin-owned', scope: 'read' })
    const attempt = await invoke(trpcRoute.action, '/api/trpc/account.apiTokens.revoke', {
      method: 'POST',
      body: JSON.stringify({ json: { tokenId: theirs.view.id } }),
      headers: { 'Content-Type': 'application/json' },
      cookie: user.cookie,
    })
    expect(attempt.status).toBe(404)
    expect((await trpcGet('customCredits.balance', undefined, bearer(theirs.token))).status).toBe(
      200,
    )
  })
})
