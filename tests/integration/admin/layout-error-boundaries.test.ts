import { json } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BillingErrorBoundary } from '#app/components/billing/billing-error-boundary.tsx'
import * as entry from '#app/entry.server.tsx'
import * as root from '#app/root.tsx'
import * as adminLayout from '#app/routes/admin.tsx'
import * as userLayout from '#app/routes/admin.users.$userId.tsx'
import * as userProfile from '#app/routes/admin.users.$userId._index.tsx'
import { serveRemix } from '#tests/helpers/remix-app.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

/**
 * Error boundaries per layout. /billing keeps the site's shell. /admin/users/$userId is a layout: a tab whose loader fails or answers 404 keeps the
 * user's header and tabs (rendered to HTML by the real entry.server and route modules).
 */
const failingTab = (answer: () => never) => ({
  loader: answer,
  default: () => null,
})

let app: { url: string; close: () => void }
let admin: TestUser
let other: TestUser

beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Ada Admin' })
  other = await createTestUser({ name: 'Olive Other' })
  const tab = (id: string, path: string, module: object) => ({
    id,
    parentId: 'routes/admin.users.$userId',
    path,
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
      {
        id: 'routes/admin.users.$userId._index',
        parentId: 'routes/admin.users.$userId',
        index: true,
        module: userProfile,
      },
      tab(
        'routes/test.broken',
        'broken',
        failingTab(() => {
          throw new Error('the tab blew up')
        }),
      ),
      tab(
        'routes/test.missing',
        'missing',
        failingTab(() => {
          throw json({ error: { code: 'NOT_FOUND', message: 'No such subscription.' } }, 404)
        }),
      ),
      {
        id: 'routes/billing',
        parentId: 'root',
        path: 'billing',
        module: {
          loader: () => {
            throw json({ error: { code: 'SERVICE_UNAVAILABLE', message: 'db down' } }, 503)
          },
          default: () => null,
          ErrorBoundary: BillingErrorBoundary,
        },
      },
    ],
    entry,
  )
})
afterAll(() => app?.close())

async function page(path: string) {
  const response = await fetch(`${app.url}${path}`, {
    headers: { Cookie: admin.cookie, 'User-Agent': 'Googlebot' },
  })
  return { status: response.status, html: await response.text() }
}

describe('/admin/users/$userId error boundary', () => {
  it('renders the user page normally', async () => {
    const { status, html } = await page(`/admin/users/${other.id}`)
    expect(status).toBe(200)
    expect(html).toContain('Olive Other')
    expect(html).toContain('aria-label="User sections"')
  })

  it('keeps the header and tabs when a tab loader fails', async () => {
    const { status, html } = await page(`/admin/users/${other.id}/broken`)
    expect(status).toBe(500)
    expect(html).toContain('Olive Other')
    expect(html).toContain('aria-label="User sections"')
    expect(html).toContain('This section could not be loaded')
    // The admin navigation is still there, and the error text stays on the server.
    expect(html).toContain('aria-label="Admin"')
    expect(html).not.toContain('the tab blew up')
  })

  it('keeps them for a 404 from a tab, with the server message', async () => {
    const { status, html } = await page(`/admin/users/${other.id}/missing`)
    expect(status).toBe(404)
    expect(html).toContain('Olive Other')
    expect(html).toContain('aria-label="User sections"')
    expect(html).toContain('No such subscription.')
  })

  it('an unknown user keeps the admin navigation', async () => {
    const { status, html } = await page('/admin/users/999999999')
    expect(status).toBe(404)
    expect(html).toContain('aria-label="Admin"')
    expect(html).not.toContain('aria-label="User sections"')
  })
})

describe('/billing error boundary', () => {
  it('keeps the site header and says billing could not be loaded', async () => {
    const { status, html } = await page('/billing')
    expect(status).toBe(503)
    expect(html).toContain('Temporarily unavailable')
    expect(html).toContain('Try again')
    expect(html).toContain('data-testid="current-user"')
  })
})
