import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import * as login from '#app/routes/login.tsx'
import * as logout from '#app/routes/logout.tsx'
import * as register from '#app/routes/register.tsx'
import * as home from '#app/routes/_index.tsx'
import { db } from '#db/client.ts'
import { sessions, users } from '#db/schema/index.ts'
import { cookieFrom, form, invoke } from '#tests/helpers/http.ts'
import { createTestUser, TEST_PASSWORD } from '#tests/helpers/users.ts'

const uniqueEmail = () => `someone-${crypto.randomUUID()}@example.test`

describe('register', () => {
  it('creates a plain user, signs them in and ignores posted role and is_active', async () => {
    const email = uniqueEmail()
    const response = await invoke(
      register.action,
      '/register',
      form({
        name: 'Mallory',
        email,
        password: 'a-long-password-1',
        role: 'admin',
        is_active: 'false',
        isActive: 'false',
      }),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/')
    const cookie = response.headers.get('Set-Cookie')!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)

    const [row] = await db.select().from(users).where(eq(users.email, email))
    expect(row).toMatchObject({ role: 'user', isActive: true, name: 'Mallory' })
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/)

    const dashboard = await invoke(home.loader, '/', { cookie: cookieFrom(response) })
    expect(dashboard.status).toBe(200)
  })

  it.each([
    [{ name: 'A', email: 'not-an-email', password: 'a-long-password-1' }, 'email'],
    [{ name: 'A', email: uniqueEmail(), password: 'short' }, 'password'],
    [{ name: 'A', email: uniqueEmail(), password: 'password123' }, 'password'],
    [{ name: '', email: uniqueEmail(), password: 'a-long-password-1' }, 'name'],
  ])('refuses %o naming the field %s', async (fields, field) => {
    const before = await db.$count(users)
    const response = await invoke(register.action, '/register', form(fields))
    expect(response.status).toBe(400)
    const body = (await response.json()) as { error: { fields: Record<string, string[]> } }
    expect(Object.keys(body.error.fields)).toContain(field)
    expect(await db.$count(users)).toBe(before)
  })

  it('refuses an email that exists in another case', async () => {
    const email = uniqueEmail()
    await invoke(
      register.action,
      '/register',
      form({ name: 'A', email, password: 'a-long-password-1' }),
    )
    const response = await invoke(
      register.action,
      '/register',
      form({ name: 'B', email: email.toUpperCase(), password: 'a-long-password-1' }),
    )
    expect(response.status).toBe(409)
  })
})

describe('login and logout', () => {
  it('signs in with the right password and redirects with a session cookie', async () => {
    const user = await createTestUser()
    const response = await invoke(
      login.action,
      '/login',
      form({ email: user.email.toUpperCase(), password: TEST_PASSWORD, redirectTo: '/billing' }),
    )
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/billing')
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(2)
  })

  it('never redirects off-site after login', async () => {
    const user = await createTestUser()
    const response = await invoke(
      login.action,
      '/login',
      form({ email: user.email, password: TEST_PASSWORD, redirectTo: '//evil.example/' }),
    )
    expect(response.headers.get('Location')).toBe('/')
  })

  it('refuses a wrong password with 401 and no session', async () => {
    const user = await createTestUser()
    const response = await invoke(
      login.action,
      '/login',
      form({ email: user.email, password: 'wrong-password' }),
    )
    expect(response.status).toBe(401)
    expect(response.headers.get('Set-Cookie')).toBeNull()
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'Invalid email or password.',
    )
  })

  it('throttles after 5 failures for one email from one IP, even with the right password', async () => {
    const user = await createTestUser()
    for (let i = 0; i < 5; i++) {
      const r = await invoke(
        login.action,
        '/login',
        form({ email: user.email, password: 'nope-nope-1' }),
      )
      expect(r.status).toBe(401)
    }
    const blocked = await invoke(
      login.action,
      '/login',
      form({ email: user.email, password: TEST_PASSWORD }),
    )
    expect(blocked.status).toBe(429)
    expect(((await blocked.json()) as { error: { message: string } }).error.message).toMatch(
      /Too many/,
    )
    // Another IP is not blocked.
    const elsewhere = await invoke(login.action, '/login', {
      ...form({ email: user.email, password: TEST_PASSWORD }),
      ip: '10.9.9.9',
    })
    expect(elsewhere.status).toBe(302)
  })

  it('logout deletes the session row and clears the cookie', async () => {
    const user = await createTestUser()
    const response = await invoke(logout.action, '/logout', { method: 'POST', cookie: user.cookie })
    expect(response.status).toBe(302)
    expect(response.headers.get('Set-Cookie')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(0)
    const after = await invoke(home.loader, '/', { cookie: user.cookie })
    expect(after.status).toBe(302)
    expect(after.headers.get('Location')).toMatch(/^\/login/)
  })

  it('replaces a planted session id on login (no session fixation)', async () => {
    const victim = await createTestUser()
    const planted = victim.cookie
    const response = await invoke(login.action, '/login', {
      ...form({ email: victim.email, password: TEST_PASSWORD }),
      cookie: planted,
    })
    expect(cookieFrom(response)).not.toBe(planted)
    const old = await invoke(home.loader, '/', { cookie: planted })
    expect(old.status).toBe(302)
  })

  it('refuses a cross-origin logout', async () => {
    const user = await createTestUser()
    const response = await invoke(logout.action, '/logout', {
      method: 'POST',
      cookie: user.cookie,
      headers: { Origin: 'https://evil.example' },
    })
    expect(response.status).toBe(403)
    expect(await db.$count(sessions, eq(sessions.userId, user.id))).toBe(1)
  })
})

describe('guards', () => {
  it('sends anonymous visitors to /login with a redirectTo', async () => {
    const response = await invoke(home.loader, '/?tab=x')
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login?redirectTo=%2F%3Ftab%3Dx')
  })

  it('refuses an inactive user even with a session row', async () => {
    const user = await createTestUser()
    await db.update(users).set({ isActive: false }).where(eq(users.id, user.id))
    const response = await invoke(home.loader, '/', { cookie: user.cookie })
    expect(response.status).toBe(302)
  })

  it('refuses a tampered cookie', async () => {
    const user = await createTestUser()
    const [name, value] = user.cookie.split('=') as [string, string]
    const response = await invoke(home.loader, '/', { cookie: `${name}=${value.slice(0, -3)}abc` })
    expect(response.status).toBe(302)
  })
})
