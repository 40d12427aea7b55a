import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpDrain, isLostDatabaseConnection } from './shutdown.ts'

type Answer = { status: number; connection?: string; body: string } | { error: string }

function get(port: number, path: string, agent: http.Agent | false): Promise<Answer> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }),
        )
      })
      .on('error', (error: NodeJS.ErrnoException) =>
        resolve({ error: error.code ?? error.message }),
      )
  })
}

const servers: http.Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.closeAllConnections()
})

/** A server whose /slow requests wait for `release()`. */
async function slowServer() {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  let slowInFlight = 0
  let neverInFlight = 0
  const drain = createHttpDrain((req, res) => {
    if (req.url === '/slow') {
      slowInFlight++
      void released.then(() => res.end('slow done'))
      return
    }
    if (req.url === '/never') return void neverInFlight++
    res.end(req.url === '/readyz' ? '{"ready":true}' : 'fast')
  })
  const server = http.createServer(drain.listener)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    drain,
    release,
    slowInFlight: () => slowInFlight,
    neverInFlight: () => neverInFlight,
  }
}

describe('createHttpDrain', () => {
  it('requests in flight finish and close their connections; readiness and new requests get 503; then the listener closes', async () => {
    const { server, port, drain, release, slowInFlight } = await slowServer()
    const keepAlive = new http.Agent({ keepAlive: true })
    const idle = new http.Agent({ keepAlive: true })
    expect(await get(port, '/fast', idle)).toMatchObject({ status: 200 })
    const idleSocketClosed = new Promise<void>((resolve) =>
      Object.values(idle.freeSockets)[0]![0]!.once('close', () => resolve()),
    )

    const slow = [1, 2, 3].map(() => get(port, '/slow', keepAlive))
    await expect.poll(slowInFlight).toBe(3)

    const draining = drain.drain(server, 30_000)
    await idleSocketClosed
    expect(await get(port, '/readyz', false)).toEqual({
      status: 503,
      connection: 'close',
      body: JSON.stringify({ ready: false, shuttingDown: true }),
    })
    expect(await get(port, '/api/anything', false)).toMatchObject({
      status: 503,
      connection: 'close',
      body: expect.stringContaining('SERVICE_UNAVAILABLE'),
    })

    release()
    expect(await Promise.all(slow)).toEqual(
      Array(3).fill({ status: 200, connection: 'close', body: 'slow done' }),
    )
    expect(await draining).toEqual({ finished: 3, cut: 0 })
    expect(await get(port, '/fast', false)).toEqual({ error: 'ECONNREFUSED' })
    keepAlive.destroy()
    idle.destroy()
  })

  it('cuts what is still running when the drain timeout ends', async () => {
    const { server, port, drain, neverInFlight } = await slowServer()
    const never = get(port, '/never', false)
    await expect.poll(neverInFlight).toBe(1)
    expect(await drain.drain(server, 100)).toEqual({ finished: 0, cut: 1 })
    expect(await never).toEqual({ error: 'ECONNRESET' })
  })
})

describe('isLostDatabaseConnection', () => {
  it('survives a killed backend (by code, or thrown from postgres.js connection code)', () => {
    const killed = Object.assign(new Error('terminating connection'), { code: '57P01' })
    const fromDriver = new Error('read ECONNRESET')
    fromDriver.stack = 'Error\n    at Socket.error (node_modules/postgres/src/connection.js:1:1)'
    expect(isLostDatabaseConnection(killed)).toBe(true)
    expect(isLostDatabaseConnection(fromDriver)).toBe(true)
  })

  it('stops the process for anything else', () => {
    expect(isLostDatabaseConnection(new TypeError('x is undefined'))).toBe(false)
  })
})
