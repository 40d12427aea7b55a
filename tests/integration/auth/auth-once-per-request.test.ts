import type { EntryContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as root from '#app/root.tsx'
import * as adminLayout from '#app/routes/admin.tsx'
import * as userLayout from '#app/routes/admin.users.$userId.tsx'
import * as userProfile from '#app/routes/admin.users.$userId._index.tsx'
import * as userCredits from '#app/routes/admin.users.$userId.credits.tsx'
import { metrics } from '#server/lib/metrics.ts'
import { serveRemix } from '#tests/helpers/remix-app.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * One admin page view runs four loaders (root, /admin, /admin/users/$userId and its tab),
 * and Remix gives each its own copy of the Request. Through the real Remix handler behind
 * the Express bridge, the session must still be looked up once.
 */
// The page's loader data as JSON instead of HTML: this test is about the loaders.
const jsonEntry = {
  default: (_request: Request, status: number, headers: Headers, context: EntryContext) =>
    new Response(JSON.stringify(context.staticHandlerContext.loaderData), {
      status,
      headers: { ...Object.fromEntries(headers), 'Content-Type': 'application/json' },
    }),
}

let app: { url: string; close: () => void }
let admin: TestUser
let other: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Ada Admin' })
  other = await createTestUser({ name: 'Olive Other' })
  app = await serveRemix(
    [
      { id: 'root', path: '', module: root },
      { id: 'routes/admin', parentId: 'root', path: 'admin', module: adminLayout },
      {
        id: 'routes/admin.users.$userId',
        parentId: 'routes/admin',
        path: 'users/:userId',
        module: userLayout,
      },
      {
        id: 'routes/admin.users.$userId._index',
        parentId: 'routes/admin.users.$userId',
        index: true,
        module: userProfile,
      },
      {
        id: 'routes/admin.users.$userId.credits',
        parentId: 'routes/admin.users.$userId',
        path: 'credits',
        module: userCredits,
      },
    ],
    jsonEntry,
  )
})
afterAll(() => app?.close())

async function sessionLookups(): Promise<number> {
  const { values } = await metrics.authLookups.get()
  return values.filter((v) => v.labels.via === 'session').reduce((sum, v) => sum + v.value, 0)
}

type PageData = {
  root: { user: { id: number; role: string } }
  'routes/admin': unknown
  'routes/admin.users.$userId': { user: { id: number } }
  'routes/admin.users.$userId._index': { audit: unknown[] }
}

async function view(path: string, cookie: string) {
  const response = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie } })
  return { status: response.status, data: (await response.json()) as PageData }
}

describe('one authentication per request', () => {
  it('looks the session up once for an admin page view of four loaders', async () => {
    const before = await sessionLookups()
    const page = await view(`/admin/users/${other.id}`, admin.cookie)
    expect(page.status).toBe(200)
    // All four loaders ran, as the admin.
    expect(page.data.root.user).toMatchObject({ id: admin.id, role: 'admin' })
    expect(page.data['routes/admin']).toBeDefined()
    expect(page.data['routes/admin.users.$userId'].user).toMatchObject({ id: other.id })
    expect(page.data['routes/admin.users.$userId._index'].audit).toEqual([])
    expect((await sessionLookups()) - before).toBe(1)
  })

  it('also when the tab prefetches its tRPC queries for hydration', async () => {
    const before = await sessionLookups()
    const response = await fetch(`${app.url}/admin/users/${other.id}/credits`, {
      headers: { Cookie: admin.cookie },
    })
    const data = (await response.json()) as Record<string, { dehydrated?: { queries: unknown[] } }>
    expect(response.status).toBe(200)
    expect(data['routes/admin.users.$userId.credits']?.dehydrated?.queries).toHaveLength(1)
    expect((await sessionLookups()) - before).toBe(1)
  })

  it("does not carry one request's authentication into the next", async () => {
    await view(`/admin/users/${other.id}`, admin.cookie)
    const before = await sessionLookups()
    const [asAdmin, asUser] = await Promise.all([
      view(`/admin/users/${other.id}`, admin.cookie),
      view(`/admin/users/${other.id}`, other.cookie),
    ])
    expect(asAdmin.status).toBe(200)
    expect(asAdmin.data.root.user.id).toBe(admin.id)
    // The plain user is refused by the admin layout, though the admin was let in alongside.
    expect(asUser.status).toBe(403)
    expect((await sessionLookups()) - before).toBe(2)
  })
})
