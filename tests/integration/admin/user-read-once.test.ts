import type { EntryContext } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as root from '#app/root.tsx'
import * as adminLayout from '#app/routes/admin.tsx'
import * as userLayout from '#app/routes/admin.users.$userId.tsx'
import * as userProfile from '#app/routes/admin.users.$userId._index.tsx'
import * as userCredits from '#app/routes/admin.users.$userId.credits.tsx'
import * as userDns from '#app/routes/admin.users.$userId.dns.tsx'
import * as userVirtFusion from '#app/routes/admin.users.$userId.virtfusion.tsx'
import { sql } from '#db/client.ts'
import { serveRemix } from '#tests/helpers/remix-app.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * An admin user page is the user layout (header: name, role, status) around one tab. Both
 * loaders run in the same request, side by side; the user's row is read once, not by the
 * layout and again by the tab's service. Counted at the driver: every statement the app sends
 * that selects from "users" by id, for the viewed user.
 */
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
  const tab = (id: string, module: object, path?: string) => ({
    id: `routes/admin.users.$userId.${id}`,
    parentId: 'routes/admin.users.$userId',
    ...(path ? { path } : { index: true as const }),
    module,
  })
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
      tab('_index', userProfile),
      tab('credits', userCredits, 'credits'),
      tab('dns', userDns, 'dns'),
      tab('virtfusion', userVirtFusion, 'virtfusion'),
    ],
    jsonEntry,
  )
})
afterAll(() => app?.close())

const USER_BY_ID = /\bfrom "users" where "users"\."id" = \$1\b/

/** Loads the page as the admin; how many times the viewed user's row was selected by id. */
async function userReads(
  path: string,
): Promise<{ reads: string[]; data: Record<string, unknown> }> {
  const unsafe = vi.spyOn(sql, 'unsafe')
  try {
    const response = await fetch(`${app.url}${path}`, { headers: { Cookie: admin.cookie } })
    expect(response.status).toBe(200)
    const data = (await response.json()) as Record<string, unknown>
    const reads = unsafe.mock.calls
      .filter(([query, params]) => USER_BY_ID.test(query) && params?.[0] === other.id)
      .map(([query]) => query)
    return { reads, data }
  } finally {
    unsafe.mockRestore()
  }
}

describe("an admin user page reads the user's row once", () => {
  it.each([
    ['profile', '', '_index'],
    ['custom credits', '/credits', 'credits'],
    ['DNS plan', '/dns', 'dns'],
    ['VirtFusion', '/virtfusion', 'virtfusion'],
  ])('the %s tab', async (_name, suffix, tabId) => {
    const { reads, data } = await userReads(`/admin/users/${other.id}${suffix}`)
    // Both loaders ran, and the header has the user.
    expect(data['routes/admin.users.$userId']).toMatchObject({
      user: { id: other.id, name: 'Olive Other' },
    })
    expect(data[`routes/admin.users.$userId.${tabId}`]).toBeDefined()
    expect(reads).toHaveLength(1)
  })

  it('reads it again in the next request (shared within a request only)', async () => {
    const first = await userReads(`/admin/users/${other.id}/virtfusion`)
    const second = await userReads(`/admin/users/${other.id}/virtfusion`)
    expect([first.reads.length, second.reads.length]).toEqual([1, 1])
  })
})
