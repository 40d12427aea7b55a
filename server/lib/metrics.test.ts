import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createRouteLabeler } from './metrics.ts'

// The shape of a Remix build's route table (ids, parents, relative paths).
const routes = {
  root: { path: '' },
  'routes/_index': { parentId: 'root' },
  'routes/admin': { parentId: 'root', path: 'admin' },
  'routes/admin._index': { parentId: 'routes/admin' },
  'routes/admin.users._index': { parentId: 'routes/admin', path: 'users' },
  'routes/admin.users.$userId': { parentId: 'routes/admin', path: 'users/:userId' },
  'routes/admin.users.$userId.credits': {
    parentId: 'routes/admin.users.$userId',
    path: 'credits',
  },
  'routes/admin.reports': { parentId: 'routes/admin', path: 'reports' },
  'routes/admin.reports.$table[.]csv': { parentId: 'routes/admin.reports', path: ':table.csv' },
  'routes/api.billing.custom-credits.transactions': {
    parentId: 'root',
    path: 'api/billing/custom-credits/transactions',
  },
  'routes/api.billing.custom-credits.transactions[.]csv': {
    parentId: 'root',
    path: 'api/billing/custom-credits/transactions.csv',
  },
  'routes/api.dev.paypal.orders.$orderId.approve': {
    parentId: 'root',
    path: 'api/dev/paypal/orders/:orderId/approve',
  },
  'routes/api.trpc.$': { parentId: 'root', path: 'api/trpc/*' },
  'routes/login': { parentId: 'root', path: 'login' },
}

describe('route labels', () => {
  const label = createRouteLabeler(routes)

  it.each([
    ['/', '/'],
    ['/login', '/login'],
    ['/LOGIN/', '/login'],
    ['/admin', '/admin'],
    ['/admin/users', '/admin/users'],
    ['/admin/users/42', '/admin/users/:userId'],
    ['/admin/users/42/credits', '/admin/users/:userId/credits'],
    ['/admin/reports/credits.csv', '/admin/reports/:table.csv'],
    [
      '/api/billing/custom-credits/transactions.csv',
      '/api/billing/custom-credits/transactions.csv',
    ],
    ['/api/dev/paypal/orders/5O190127TN364715T/approve', '/api/dev/paypal/orders/:orderId/approve'],
    ['/api/trpc/billing.balance', '/api/trpc/*'],
    ['/api/trpc/billing.balance,dnsPlans.list', '/api/trpc/*'],
    ['/api/trpc/x' + 'y'.repeat(500), '/api/trpc/*'],
    ['/build/entry.client-ABC.js', '/build/*'],
    ['/wp-login.php', 'unmatched'],
    ['/admin/users/42/nothing-here', 'unmatched'],
    ['/admin/reports/credits', 'unmatched'],
  ])('%s → %s', (path, expected) => {
    expect(label(path)).toBe(expected)
  })

  it('100 random not-found paths add at most one label', () => {
    const labels = new Set<string>()
    for (let i = 0; i < 100; i++) labels.add(label(`/${randomUUID()}/${i}/${randomUUID()}`))
    for (let i = 0; i < 100; i++) labels.add(label(`/admin/users/${i}/${randomUUID()}`))
    expect([...labels]).toEqual(['unmatched'])
  })
})
