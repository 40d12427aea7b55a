import type { AddressInfo } from 'node:net'
import type { EntryContext, ServerBuild } from '@remix-run/node'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as root from '#app/root.tsx'
import * as adminLayout from '#app/routes/admin.tsx'
import * as userLayout from '#app/routes/admin.users.$userId.tsx'
import * as userProfile from '#app/routes/admin.users.$userId._index.tsx'
import { remixHandler } from '#server/http/express-remix.ts'
import { metrics } from '#server/lib/metrics.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * One admin page view runs four loaders (root, /admin, /admin/users/$userId and its tab),
 * and Remix gives each its own copy of the Request. Through the real Remix handler behind
 * the Express bridge, the session must still be looked up once.
 */
const route = (
  id: string,
  parentId: string | undefined,
  path: string | undefined,
  module: object,
  index?: true,
) => ({
  id,
  parentId,
  path,
  index,
  caseSensitive: undefined,
  module: module as ServerBuild['routes'][string]['module'],
})

// The page's loader data as JSON instead of HTML: this test is about the loaders.
const entry = {
  module: {
    default: (_request: Request, status: number, headers: Headers, context: EntryContext) =>
      new Response(JSON.stringify(context.staticHandlerContext.loaderData), {
        status,
        headers: { ...Object.fromEntries(headers), 'Content-Type': 'application/json' },
      }),
  },
} as unknown as ServerBuild['entry']

const build = {
  mode: 'production',
  entry,
  routes: {
    root: route('root', undefined, '', root),
    'routes/admin': route('routes/admin', 'root', 'admin', adminLayout),
    'routes/admin.users.$userId': route(
      'routes/admin.users.$userId',
      'routes/admin',
      'users/:userId',
      userLayout,
    ),
    'routes/admin.users.$userId._index': route(
      'routes/admin.users.$userId._index',
      'routes/admin.users.$userId',
      undefined,
      userProfile,
      true,
    ),
  },
  assets: { entry: { module: '', imports: [] }, routes: {}, url: '', version: 'test' },
  assetsBuildDirectory: 'public/build',
  publicPath: '/build/',
  future: {},
  isSpaMode: false,
  basename: undefined,
} as unknown as ServerBuild

let baseUrl = ''
let close: () => void = () => {}
let admin: TestUser
let other: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Ada Admin' })
  other = await createTestUser({ name: 'Olive Other' })
  const app = express()
  const handler = remixHandler({
    build,
    mode: 'production',
    getLoadContext: () => ({ clientIp: '127.0.0.1' }),
  })
  app.all('*', (req, res, next) => void handler(req, res, next))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => server.close()
})
afterAll(() => close())

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
  const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } })
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
