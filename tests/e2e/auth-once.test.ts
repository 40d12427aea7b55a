import { describe, expect, inject, it } from 'vitest'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

/**
 * The production build: build/main.js opens the request scope, the Remix build
 * (build/index.js, another bundle) resolves the session in it. One admin page view of four
 * loaders costs one session lookup, read from the app's own /metrics.
 */
const baseUrl = inject('e2eBaseUrl')

async function logIn(role: 'user' | 'admin', name: string) {
  const user = await seedUser(role, name)
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email: user.email, password: E2E_PASSWORD }),
  })
  expect(response.status).toBe(302)
  return { ...user, cookie: response.headers.get('Set-Cookie')!.split(';')[0]! }
}

/** skypanel_auth_lookups_total{via="session"}, as an admin reads it (that read counts one). */
async function sessionLookups(cookie: string): Promise<number> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { Cookie: cookie } })
  expect(response.status).toBe(200)
  const line = /^skypanel_auth_lookups_total\{via="session"\} (\d+)$/m.exec(await response.text())
  return Number(line?.[1] ?? 0)
}

describe('one authentication per request (production build)', () => {
  it('an admin user page (root, /admin, the user layout, the tab) looks the session up once', async () => {
    const admin = await logIn('admin', 'Once Admin')
    const other = await seedUser('user', 'Once Other')
    const before = await sessionLookups(admin.cookie)
    const page = await fetch(`${baseUrl}/admin/users/${other.id}/credits`, {
      headers: { Cookie: admin.cookie },
    })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Once Other')
    // The page view's one lookup, and the second /metrics read's own.
    expect((await sessionLookups(admin.cookie)) - before).toBe(2)
  })
})
