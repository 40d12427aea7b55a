import type { AddressInfo } from 'node:net'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { limitRequestBody, remixHandler } from '#server/http/express-remix.ts'

type RouteModule = ServerBuild['routes'][string]['module']
export type TestRoute = {
  id: string
  parentId?: string
  path?: string
  index?: true
  module: object
}

/**
 * A Remix server build made of the given route modules (the real ones, or stand-ins), served
 * through the same Express bridge as server/main.ts on a loopback port. `entry` renders the
 * page: app/entry.server.tsx for real HTML, or any handleRequest (e.g. loader data as JSON).
 */
export async function serveRemix(
  routes: TestRoute[],
  entry: object,
): Promise<{ url: string; close: () => void }> {
  const manifestRoutes = Object.fromEntries(
    routes.map((r) => {
      const module = r.module as Record<string, unknown>
      return [
        r.id,
        {
          id: r.id,
          parentId: r.parentId,
          path: r.path,
          index: r.index,
          caseSensitive: undefined,
          module: `/build/${r.id}.js`,
          imports: [],
          hasAction: 'action' in module,
          hasLoader: 'loader' in module,
          hasClientAction: false,
          hasClientLoader: false,
          hasErrorBoundary: 'ErrorBoundary' in module,
        },
      ]
    }),
  )
  const build = {
    mode: 'production',
    entry: { module: entry },
    routes: Object.fromEntries(
      routes.map((r) => [
        r.id,
        {
          id: r.id,
          parentId: r.parentId,
          path: r.path,
          index: r.index,
          caseSensitive: undefined,
          module: r.module as RouteModule,
        },
      ]),
    ),
    assets: {
      entry: { module: '/build/entry.client.js', imports: [] },
      routes: manifestRoutes,
      url: '/build/manifest.js',
      version: 'test',
    },
    assetsBuildDirectory: 'public/build',
    publicPath: '/build/',
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild
  const handler = remixHandler({
    build,
    mode: 'production',
    getLoadContext: () => ({ clientIp: '127.0.0.1' }),
  })
  const app = express()
  // As in server/main.ts: the bridge reads request bodies only after this step has buffered them.
  app.use(limitRequestBody())
  app.all('*', (req, res, next) => void handler(req, res, next))
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => void server.close(),
  }
}
