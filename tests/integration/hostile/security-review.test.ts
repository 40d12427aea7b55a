import { randomUUID } from 'node:crypto'
import { count, eq } from 'drizzle-orm'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import * as devApproveRoute from '#app/routes/api.dev.paypal.orders.$orderId.approve.ts'
import * as devOutageRoute from '#app/routes/api.dev.virtfusion.outage.ts'
import * as loginRoute from '#app/routes/login.tsx'
import * as registerRoute from '#app/routes/register.tsx'
import { db } from '#db/client.ts'
import { sessions, users } from '#db/schema/index.ts'
import { registerOfflineControls } from '#server/offline-control.ts'
import { BASE_URL, form, invoke } from '#tests/helpers/http.ts'
import { approvedOrder, clearRateLimits, resetPaymentFakes } from '#tests/helpers/payments.ts'
import { createTestUser, TEST_PASSWORD } from '#tests/helpers/users.ts'

/**
 * Findings of the outside review (issue #10, security): open redirects after login, the
 * login throttle under a burst, unthrottled registration, and the offline-mode controls of
 * demo deployments. Each refusal is checked to have changed nothing.
 */

beforeEach(async () => {
  resetPaymentFakes()
  await clearRateLimits()
})

async function sessionCount(userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId))
  return row?.n ?? 0
}

const logIn = (fields: Record<string, string>, ip = '127.0.0.1') =>
  invoke(loginRoute.action, '/login', { ...form(fields), headers: { Origin: BASE_URL }, ip })

describe('redirect after login', () => {
  const OFF_SITE = [
    '/\t/evil.example/',
    '/\n/evil.example/',
    '/\r/evil.example/',
    '/\r\n/evil.example/',
    '\t//evil.example/',
    '/\\evil.example/',
    '/\\/evil.example/',
    '//evil.example/',
    'https://evil.example/',
    '/billing\r\nSet-Cookie: planted=1',
  ]

  it.each(OFF_SITE)(
    'redirectTo %j: signed in and sent to /, never off-site, never a 500',
    async (redirectTo) => {
      const user = await createTestUser()
      const before = await sessionCount(user.id)
      const response = await logIn({ email: user.email, password: TEST_PASSWORD, redirectTo })
      expect(response.status).toBe(302)
      expect(response.headers.get('Location')).toBe('/')
      expect(await sessionCount(user.id)).toBe(before + 1)
    },
  )

  it('a refused login with a CR/LF redirectTo: 401, no session row', async () => {
    const user = await createTestUser()
    const before = await sessionCount(user.id)
    const response = await logIn({
      email: user.email,
      password: 'not-the-password-1',
      redirectTo: '/\r\n/evil.example/',
    })
    expect(response.status).toBe(401)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(await sessionCount(user.id)).toBe(before)
  })

  it('an on-site redirectTo is kept', async () => {
    const user = await createTestUser()
    const response = await logIn({
      email: user.email,
      password: TEST_PASSWORD,
      redirectTo: '/admin/users?q=a%20b#x',
    })
    expect(response.headers.get('Location')).toBe('/admin/users?q=a%20b#x')
  })

  it.each([
    '/%09/evil.example/',
    '/%0d%0a/evil.example/',
    '%2F%5Cevil.example',
    '%2F%2Fevil.example',
  ])('the login page puts only a safe target into its form (?redirectTo=%s)', async (query) => {
    const response = await invoke(loginRoute.loader, `/login?redirectTo=${query}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ redirectTo: '/' })
  })
})

describe('login throttle under a burst', () => {
  it('25 parallel wrong passwords: at most LOGIN_MAX_FAILURES (5) are checked, the rest 429; then the right password is refused too', async () => {
    const user = await createTestUser()
    const burst = await Promise.all(
      Array.from({ length: 25 }, () => logIn({ email: user.email, password: 'wrong-password-9' })),
    )
    const statuses = burst.map((r) => r.status)
    expect(statuses.filter((s) => s === 401)).toHaveLength(5)
    expect(statuses.filter((s) => s === 429)).toHaveLength(20)
    const right = await logIn({ email: user.email, password: TEST_PASSWORD })
    expect(right.status).toBe(429)
    expect(await sessionCount(user.id)).toBe(1)
  })

  it('the right password clears earlier failures; a burst from another IP has its own count', async () => {
    const user = await createTestUser()
    for (let i = 0; i < 4; i++)
      expect((await logIn({ email: user.email, password: 'wrong-password-9' })).status).toBe(401)
    expect((await logIn({ email: user.email, password: TEST_PASSWORD })).status).toBe(302)
    for (let i = 0; i < 5; i++)
      expect((await logIn({ email: user.email, password: 'wrong-password-9' })).status).toBe(401)
    expect((await logIn({ email: user.email, password: TEST_PASSWORD })).status).toBe(429)
    expect(
      (await logIn({ email: user.email, password: TEST_PASSWORD }, '198.51.100.4')).status,
    ).toBe(302)
  })

  it('whatever is typed as the email (a NUL, 10 kB) is throttled, never a 500', async () => {
    for (const email of ['a\u0000@example.test', 'x'.repeat(10_000)]) {
      const statuses: number[] = []
      for (let i = 0; i < 6; i++)
        statuses.push((await logIn({ email, password: 'whatever-1' })).status)
      expect(
        statuses.every((s) => s < 500),
        statuses.join(),
      ).toBe(true)
      expect(statuses.at(-1)).toBe(429)
    }
  })
})

describe('registration', () => {
  const register = (ip: string) =>
    invoke(registerRoute.action, '/register', {
      ...form({
        name: 'Signup',
        email: `signup-${randomUUID()}@example.test`,
        password: 'a-long-password-1',
      }),
      ip,
    })

  it('is rate-limited per IP: the 11th attempt within an hour is 429 and creates no account; another IP is unaffected', async () => {
    const ip = '203.0.113.77'
    for (let i = 0; i < 10; i++) expect((await register(ip)).status, `#${i + 1}`).toBe(302)
    const before = await db.$count(users)
    const limited = await register(ip)
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED')
    expect(await db.$count(users)).toBe(before)
    expect((await register('203.0.113.78')).status).toBe(302)
  })

  it('refused attempts count too (probing which emails are taken)', async () => {
    const ip = '203.0.113.79'
    const taken = (await createTestUser()).email
    for (let i = 0; i < 10; i++) {
      const response = await invoke(registerRoute.action, '/register', {
        ...form({ name: 'Probe', email: taken, password: 'a-long-password-1' }),
        ip,
      })
      expect(response.status).toBe(409)
    }
    expect((await register(ip)).status).toBe(429)
  })
})

describe('offline-mode controls (ALLOW_OFFLINE_PAYMENTS demo deployments)', () => {
  const approvePayPalOrder = vi.fn((orderId: string) => ({ orderId, status: 'APPROVED' }))
  const setVirtFusionOutage = vi.fn((on: boolean) => ({ outage: on }))
  registerOfflineControls({ approvePayPalOrder, setVirtFusionOutage })
  afterAll(() => {
    registerOfflineControls({ approvePayPalOrder: undefined, setVirtFusionOutage: undefined })
  })
  beforeEach(() => {
    approvePayPalOrder.mockClear()
    setVirtFusionOutage.mockClear()
  })

  const approve = (orderId: string, cookie: string) =>
    invoke(devApproveRoute.action, `/api/dev/paypal/orders/${orderId}/approve`, {
      method: 'POST',
      cookie,
      params: { orderId },
    })

  it("approving someone else's order: 404 and the simulated PayPal is not touched; the owner may", async () => {
    const alice = await createTestUser({ name: 'Alice' })
    const bob = await createTestUser({ name: 'Bob' })
    const { orderId } = await approvedOrder(alice.id, 'custom_credits', 1500)
    const asBob = await approve(orderId, bob.cookie)
    expect(asBob.status).toBe(404)
    expect(((await asBob.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    expect((await approve('ORDER-UNKNOWN', bob.cookie)).status).toBe(404)
    expect(approvePayPalOrder).not.toHaveBeenCalled()
    const asAlice = await approve(orderId, alice.cookie)
    expect(asAlice.status).toBe(200)
    expect(approvePayPalOrder).toHaveBeenCalledWith(orderId)
  })

  it('switching the simulated VirtFusion outage: 403 for a user, allowed for an admin', async () => {
    const user = await createTestUser()
    const admin = await createTestUser({ role: 'admin' })
    const call = (cookie: string) =>
      invoke(devOutageRoute.action, '/api/dev/virtfusion/outage', {
        method: 'POST',
        cookie,
        body: JSON.stringify({ on: true }),
        headers: { 'Content-Type': 'application/json' },
      })
    expect((await call(user.cookie)).status).toBe(403)
    expect(setVirtFusionOutage).not.toHaveBeenCalled()
    expect((await call(admin.cookie)).status).toBe(200)
    expect(setVirtFusionOutage).toHaveBeenCalledWith(true)
  })
})
