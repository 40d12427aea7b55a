import { timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Readiness } from '#server/services/health/readiness.ts'

/**
 * The worker's only HTTP surface: /healthz (the process is alive) and /readyz (its
 * dependencies, as the web's /readyz reports them), for orchestrators' probes; /metrics (the
 * job counters and queue depth of this process) for a scraper with METRICS_TOKEN.
 */
export async function startHealthServer(options: {
  host: string
  port: number
  readiness: () => Promise<Readiness>
  metrics?: { token: string; render: () => Promise<{ body: string; contentType: string }> }
}): Promise<{ port: number; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      res.end(JSON.stringify(body))
    }
    const path = (req.url ?? '/').split('?')[0]
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, { error: 'GET only' })
    if (path === '/healthz') return reply(200, { status: 'ok' })
    if (path === '/metrics' && options.metrics) {
      const { token, render } = options.metrics
      const given = Buffer.from(
        /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '',
      )
      const expected = Buffer.from(token)
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply(401, { error: 'METRICS_TOKEN required' })
      }
      render().then(
        ({ body, contentType }) => {
          res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' })
          res.end(body)
        },
        () => reply(500, { error: 'metrics unavailable' }),
      )
      return
    }
    if (path !== '/readyz') return reply(404, { error: 'not found' })
    options.readiness().then(
      (readiness) => reply(readiness.ready ? 200 : 503, readiness),
      () => reply(503, { ready: false }),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
