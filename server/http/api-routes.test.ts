import { createRequire } from 'node:module'
import type { ServerBuild } from '@remix-run/node'
import { matchRoutes } from '@remix-run/react'
import { describe, expect, it } from 'vitest'
import { compileApiRoutes } from './api-routes.ts'

/*
 * The direct API path must pick the route Remix would pick, or leave the request to Remix.
 * The real route table (app/routes, as the classic compiler reads it) is matched both ways.
 */

type Manifest = Record<string, { id: string; parentId?: string; path?: string; index?: boolean }>
const { flatRoutes } = createRequire(import.meta.url)(
  '@remix-run/dev/dist/config/flat-routes.js',
) as {
  flatRoutes: (dir: string, ignored: string[]) => Manifest
}
const manifest: Manifest = {
  root: { id: 'root', path: '' },
  ...flatRoutes('app', ['**/.*', '**/*.test.{ts,tsx}', '**/__*.*']),
}

const loader = () => new Response('loader')
const action = () => new Response('action')
const isApi = (id: string) => id.startsWith('routes/api.')
// API routes are resource routes (no default export); pages render.
const buildRoutes = Object.fromEntries(
  Object.values(manifest).map((r) => [
    r.id,
    { ...r, module: isApi(r.id) ? { loader, action } : { default: () => null, loader } },
  ]),
) as unknown as ServerBuild['routes']

type RouteObject = { id: string; path?: string; index?: boolean; children?: RouteObject[] }
function tree(parentId: string | undefined): RouteObject[] {
  return Object.values(manifest)
    .filter((r) => r.parentId === parentId)
    .map((r) =>
      r.index
        ? { id: r.id, path: r.path, index: true }
        : { id: r.id, path: r.path, children: tree(r.id) },
    )
}
const remixTree = tree(undefined)

/** The leaf route Remix's own matcher picks for a path. */
const remixLeaf = (pathname: string): string | null =>
  matchRoutes(remixTree as Parameters<typeof matchRoutes>[0], pathname)?.at(-1)?.route.id ?? null

function fullPath(id: string): string {
  const route = manifest[id]!
  const parent = route.parentId ? fullPath(route.parentId) : ''
  return route.path ? `${parent}/${route.path}` : parent
}

const samples = (path: string) => {
  const filled = path.replace(/:([\w-]+)/g, (_, name: string) =>
    name === 'month' ? '2026-11' : name.endsWith('Id') ? '42' : 'x',
  )
  const base = filled.replace(/\/\*$/, '/billing.balance')
  return [base, `${base}/`, base.toUpperCase(), base.replace(/42/g, 'a%20b')]
}

const api = compileApiRoutes(buildRoutes)
const at = (pathname: string, method = 'GET') =>
  api.match(method, new URL(`http://localhost${pathname}`))

describe('compileApiRoutes', () => {
  const apiIds = Object.keys(manifest).filter(isApi)

  it('finds the real API routes', () => {
    expect(apiIds.length).toBeGreaterThan(30)
  })

  it.each(apiIds.flatMap((id) => samples(fullPath(id))))(
    '%s: the same route as Remix',
    (pathname) => {
      const expected = remixLeaf(pathname)
      expect(expected).not.toBeNull()
      expect(at(pathname)?.routeId ?? null).toBe(expected && isApi(expected) ? expected : null)
    },
  )

  it('passes decoded params, as Remix does', () => {
    const found = at('/api/services/a%20b/cancel', 'POST')
    expect(found?.params).toEqual({ serviceId: 'a b' })
    expect(found?.handler).toBe(action)
    expect(at('/api/trpc/billing.balance,services.list')?.params).toEqual({
      '*': 'billing.balance,services.list',
    })
  })

  it('leaves to Remix what it does not serve: unknown paths, pages, Remix data requests, odd methods', () => {
    for (const pathname of ['/api/nope', '/api', '/api/services/1/nope', '/billing', '/']) {
      expect(at(pathname), pathname).toBeNull()
    }
    expect(at('/api/billing/balance?_data=routes%2Fapi.billing.balance')).toBeNull()
    expect(at('/api/documents?index')).toBeNull()
    expect(at('/api/billing/balance', 'PROPFIND')).toBeNull()
    expect(at('/api/billing/balance', 'HEAD')?.handler).toBe(loader)
  })

  it('leaves a route without the handler for the method to Remix (its 400/405)', () => {
    const only = compileApiRoutes({
      root: { id: 'root', path: '', module: {} },
      r: { id: 'r', parentId: 'root', path: 'api/x', module: { loader } },
    } as unknown as ServerBuild['routes'])
    const url = new URL('http://localhost/api/x')
    expect(only.match('GET', url)?.routeId).toBe('r')
    expect(only.match('POST', url)).toBeNull()
  })
})
