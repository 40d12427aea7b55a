import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { request } from 'node:http'
import { eq } from 'drizzle-orm'
import { describe, expect, inject, it } from 'vitest'
import { createDatabase } from '#db/connection.ts'
import { users } from '#db/schema/index.ts'
import { freePort } from '#tests/setup/free-port.ts'
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

/**
 * POSTs a chunked body (no Content-Length) that never ends, 64 kB at a time up to 8 MB, and
 * resolves with the status of the answer. A server that reads the whole body before
 * answering never answers: this rejects after 20 s.
 */
function endlessChunkedPost(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    let answered = false
    const req = request(new URL(path, baseUrl), { method: 'POST', headers })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`${path}: no answer after ${sent} bytes`))
    }, 20_000)
    req.on('response', (res) => {
      answered = true
      clearTimeout(timer)
      res.resume()
      res.on('end', () => req.destroy())
      resolve(res.statusCode ?? 0)
    })
    // Writing on after the server stopped reading fails; the answer is what counts.
    req.on('error', (error) => {
      if (!answered && !req.destroyed) reject(error)
    })
    const pump = () => {
      while (!answered && sent < 8 * 1024 * 1024) {
        sent += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
    }
    pump()
  })
}

describe('request bodies are cut off at the limit whatever their framing (production build)', () => {
  it('an endless chunked body to every kind of body reader: 413 once 2 MB have arrived, not after reading it all', async () => {
    const user = await logIn('user')
    const admin = await logIn('admin')
    const json = { 'Content-Type': 'application/json', Origin: baseUrl }
    const targets: [string, Record<string, string>][] = [
      ['/api/paypal/webhook', { 'Content-Type': 'application/json' }],
      ['/api/trpc/customCredits.createOrder', { ...json, Cookie: user.cookie }],
      ['/api/billing/custom-credits/orders', { ...json, Cookie: user.cookie }],
      ['/login', { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl }],
      [
        '/admin/credits/bulk',
        {
          'Content-Type': 'multipart/form-data; boundary=----skypanel',
          Origin: baseUrl,
          Cookie: admin.cookie,
        },
      ],
    ]
    const answers: string[] = []
    for (const [path, headers] of targets)
      answers.push(`${path}: ${await endlessChunkedPost(path, headers)}`)
    expect(answers).toEqual(targets.map(([path]) => `${path}: 413`))
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200)
  })

  it('a chunked body within the limit is read as usual (a streamed login form signs in)', async () => {
    const user = await seedUser('user', 'Streamed Login')
    const form = new URLSearchParams({ email: user.email, password: E2E_PASSWORD }).toString()
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(form)
        controller.enqueue(bytes.slice(0, 10))
        controller.enqueue(bytes.slice(10))
        controller.close()
      },
    })
    const response = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
      body,
      duplex: 'half',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('Set-Cookie')).toMatch(/^__session=/)
  })
})

describe('metrics labels (production build)', () => {
  const seriesOf = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith('skypanel_http_request_duration_seconds_count{'))

  it('100 random not-found paths add at most one series', async () => {
    const admin = await logIn('admin')
    const scrape = async () => {
      const response = await fetch(`${baseUrl}/metrics`, { headers: { Cookie: admin.cookie } })
      expect(response.status).toBe(200)
      return seriesOf(await response.text())
    }
    await scrape()
    const before = await scrape()
    for (let i = 0; i < 100; i++) {
      const response = await fetch(`${baseUrl}/${randomUUID()}/${i}/not-here`)
      expect(response.status).toBe(404)
      await response.arrayBuffer()
    }
    const after = await scrape()
    expect(after.length - before.length).toBeLessThanOrEqual(1)
    expect(after.some((line) => line.includes('route="unmatched"'))).toBe(true)
    expect(after.some((line) => line.includes('route="/metrics"'))).toBe(true)
  })
})

describe('starting the built server without NODE_ENV', () => {
  it('runs in production: no demo accounts are created, and the session cookie is Secure', async () => {
    const databaseUrl = inject('e2eDatabaseUrl')
    const port = await freePort()
    const environment: Record<string, string | undefined> = {
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV')),
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: 'bare-start-session-secret-0123456789abcdef',
      ALLOW_OFFLINE_PAYMENTS: 'true',
      JOBS_ENABLED: 'false',
    }
    const app = spawn(process.execPath, ['build/main.js'], {
      // Typed as always holding NODE_ENV, which is the point here.
      env: environment as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    app.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    app.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const { db, sql } = createDatabase(databaseUrl, { max: 1 })
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`No start in 60 s:\n${output}`)), 60_000)
        app.on('exit', (code) => reject(new Error(`Exited with ${code}:\n${output}`)))
        const poll = setInterval(() => {
          if (!output.includes('Ready:')) return
          clearInterval(poll)
          clearTimeout(timer)
          resolve()
        }, 100)
      })
      const demo = await db
        .select({ email: users.email })
        .from(users)
        .where(eq(users.email, 'admin@demo.test'))
      expect(demo, output).toEqual([])
      const user = await seedUser('user', 'Bare Start')
      const local = `http://localhost:${port}`
      const response = await fetch(`${local}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: local },
        body: new URLSearchParams({ email: user.email, password: E2E_PASSWORD }),
      })
      expect(response.status).toBe(302)
      expect(response.headers.get('Set-Cookie')).toMatch(/; Secure/i)
    } finally {
      app.kill('SIGTERM')
      await sql.end()
    }
  })
})
