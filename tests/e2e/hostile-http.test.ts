import { describe, expect, inject, it } from 'vitest'
import { E2E_PASSWORD, seedUser } from './helpers.ts'

/**
 * Hostile requests against the production server (Express + Remix build), where a thrown
 * error really becomes the 500 page: form routes fed JSON, text or broken multipart, and
 * bodies over the server's limit. Every answer is a 4xx, never a 500.
 */

const baseUrl = inject('e2eBaseUrl')

async function logIn(role: 'user' | 'admin') {
  const user = await seedUser(role, `Hostile ${role}`)
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email: user.email, password: E2E_PASSWORD }),
  })
  expect(response.status).toBe(302)
  return { ...user, cookie: response.headers.get('Set-Cookie')!.split(';')[0]! }
}

const BODIES: [string, string, string][] = [
  ['JSON', 'application/json', '{"email":"a@b.test","password":"x"}'],
  ['text', 'text/plain', 'email=a@b.test&password=x'],
  [
    'broken multipart',
    'multipart/form-data; boundary=----x',
    '------x\r\nContent-Disposition: form-data\r\n\r\n',
  ],
  ['multipart without boundary', 'multipart/form-data', 'garbage'],
]

describe('form routes fed something other than a form (production build)', () => {
  it.each(['/login', '/register'])(
    'POST %s with JSON, text or broken multipart: 4xx, not 500',
    async (route) => {
      const answers: string[] = []
      for (const [label, contentType, body] of BODIES) {
        const response = await fetch(`${baseUrl}${route}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': contentType, Origin: baseUrl },
          body,
        })
        answers.push(`${label}: ${response.status}`)
      }
      expect(answers.filter((a) => a.endsWith(': 500'))).toEqual([])
    },
  )

  it('an admin page action (POST /admin/users/:id?index) fed JSON by an admin: 4xx, not 500', async () => {
    const admin = await logIn('admin')
    const target = await seedUser('user', 'Hostile Target')
    // `?index`: the form on the profile tab posts to the index route's action.
    const response = await fetch(`${baseUrl}/admin/users/${target.id}?index`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/json', Origin: baseUrl, Cookie: admin.cookie },
      body: JSON.stringify({ intent: 'set-role', role: 'admin' }),
    })
    expect(response.status).toBeLessThan(500)
  })

  it('a body over the server limit: 413, and a cross-origin cookie POST: 403', async () => {
    const user = await logIn('user')
    const big = await fetch(`${baseUrl}/api/billing/custom-credits/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: user.cookie },
      body: JSON.stringify({ amount: '1.00', pad: 'x'.repeat(3 * 1024 * 1024) }),
    })
    expect(big.status).toBe(413)
    const foreign = await fetch(`${baseUrl}/api/billing/custom-credits/orders`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: user.cookie,
        Origin: 'https://evil.example',
      },
      body: JSON.stringify({ amount: '10.00' }),
    })
    expect(foreign.status).toBe(403)
    expect(await foreign.json()).toMatchObject({ error: { code: 'CROSS_ORIGIN_REQUEST' } })
  })
})
