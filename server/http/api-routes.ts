import type { AppLoadContext, ServerBuild } from '@remix-run/node'

/**
 * The JSON API (REST resource routes and /api/trpc) called straight from the Express bridge,
 * without Remix's request pipeline (ADR 029). It calls the SAME route modules' `loader` and
 * `action` that Remix would, with the same load context; authentication, schemas, services
 * and the error table all live in those modules. What it drops is Remix's per-request cost:
 * flattening, ranking and compiling every route to match one path, two copies of the
 * Request (to strip `?index`/`?_data`), and the data-router bookkeeping around one call.
 *
 * Only the plain case is taken here: a path that an API resource route matches, a method
 * its module exports a handler for, no `?index`/`?_data`/`?_routes`. Everything else (an
 * unknown /api path, a method the route lacks, a Remix data request) returns `null` and
 * goes to Remix, which answers it exactly as before.
 */

type RouteEntry = ServerBuild['routes'][string]
type Handler = (args: {
  request: Request
  params: Record<string, string | undefined>
  context: AppLoadContext
}) => unknown

type CompiledRoute = {
  id: string
  score: number
  matcher: RegExp
  params: { name: string; optional: boolean }[]
  /** Null for a route that competes for /api paths but is not served here (a page). */
  module: { loader?: Handler; action?: Handler } | null
}

export type ApiMatch = {
  routeId: string
  handler: Handler
  params: Record<string, string | undefined>
}

// The scoring and path compilation of @remix-run/router (rankRouteBranches, compilePath),
// done once per build instead of once per request. api-routes.test.ts checks that the same
// route wins as with Remix's own matchRoutes for every API route of the real build.
const PARAM = /^:[\w-]+$/
function scoreOf(path: string, index: boolean): number {
  const segments = path.split('/')
  let score = segments.length + (segments.includes('*') ? -2 : 0) + (index ? 2 : 0)
  for (const segment of segments) {
    if (segment === '*') continue
    score += PARAM.test(segment) ? 3 : segment === '' ? 1 : 10
  }
  return score
}

function compile(path: string, caseSensitive: boolean): Pick<CompiledRoute, 'matcher' | 'params'> {
  const params: CompiledRoute['params'] = []
  let source =
    '^' +
    path
      .replace(/\/*\*?$/, '')
      .replace(/^\/*/, '/')
      .replace(/[\\.*+^${}|()[\]]/g, '\\$&')
      .replace(/\/:([\w-]+)(\?)?/g, (_, name: string, optional?: string) => {
        params.push({ name, optional: optional != null })
        return optional ? '/?([^\\/]+)?' : '/([^\\/]+)'
      })
  if (path.endsWith('*')) {
    params.push({ name: '*', optional: false })
    source += path === '*' || path === '/*' ? '(.*)$' : '(?:\\/(.+)|\\/*)$'
  } else {
    source += '\\/*$'
  }
  return { matcher: new RegExp(source, caseSensitive ? undefined : 'i'), params }
}

function decodePath(pathname: string): string {
  try {
    return pathname
      .split('/')
      .map((segment) => decodeURIComponent(segment).replace(/\//g, '%2F'))
      .join('/')
  } catch {
    return pathname
  }
}

function fullPathOf(routes: ServerBuild['routes'], route: RouteEntry): string {
  const parts: string[] = []
  for (
    let at: RouteEntry | undefined = route;
    at;
    at = at.parentId ? routes[at.parentId] : undefined
  ) {
    if (at.path) parts.unshift(at.path)
  }
  return ('/' + parts.join('/')).replace(/\/\/+/g, '/')
}

const isResourceModule = (module: RouteEntry['module']) =>
  module.default == null && module.ErrorBoundary == null

/** A route that may match a path under /api/: its first segment is `api` or not static. */
function competesForApi(fullPath: string): boolean {
  const first = fullPath.split('/')[1] ?? ''
  return (
    first.toLowerCase() === 'api' || first === '*' || first.startsWith(':') || first.includes('?')
  )
}

/**
 * Compiles the build's routes once. `match(method, url)` answers which API route module
 * handler serves the request, or null when Remix should answer it.
 */
export function compileApiRoutes(routes: ServerBuild['routes']) {
  const compiled: CompiledRoute[] = []
  for (const route of Object.values(routes)) {
    if (!route.path && !route.index) continue // matches nothing by itself
    const fullPath = fullPathOf(routes, route)
    if (!competesForApi(fullPath)) continue
    const served =
      fullPath.toLowerCase().startsWith('/api/') &&
      !fullPath.includes('?') && // optional segments: Remix expands them; leave those to it
      isResourceModule(route.module)
    compiled.push({
      id: route.id,
      score: scoreOf(fullPath, route.index === true),
      ...compile(fullPath, route.caseSensitive === true),
      module: served ? route.module : null,
    })
  }
  // Highest score first, as Remix ranks them; among equals Remix's order depends on the
  // route tree, so a tie is left to Remix.
  compiled.sort((a, b) => b.score - a.score)

  return {
    match(method: string, url: URL): ApiMatch | null {
      if (!url.pathname.toLowerCase().startsWith('/api/')) return null
      const search = url.searchParams
      if (search.has('_data') || search.has('index') || search.has('_routes')) return null
      const pathname = decodePath(url.pathname)
      let best: CompiledRoute | null = null
      let captures: RegExpExecArray | null = null
      for (const route of compiled) {
        if (best && route.score < best.score) break
        const found = route.matcher.exec(pathname)
        if (!found) continue
        if (best) return null // a tie
        best = route
        captures = found
      }
      if (!best?.module || !captures) return null
      const handler =
        method === 'GET' || method === 'HEAD' || method === 'OPTIONS'
          ? best.module.loader
          : ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)
            ? best.module.action
            : undefined
      if (typeof handler !== 'function') return null
      const params: Record<string, string | undefined> = {}
      best.params.forEach(({ name, optional }, i) => {
        const value = captures[i + 1]
        params[name] = optional && !value ? undefined : (value ?? '').replace(/%2F/g, '/')
      })
      return { routeId: best.id, handler, params }
    },
  }
}
