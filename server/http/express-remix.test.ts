import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentRequestId, requestContext } from '#server/lib/request-context.ts'
import { limitRequestBody, remixHandler } from './express-remix.ts'

const LIMIT = 64 * 1024

describe('limitRequestBody', () => {
  let baseUrl: string
  let close: () => void
  beforeAll(async () => {
    const app = express()
    app.use((_req, _res, next) => requestContext.run({ requestId: 'r-1' }, next))
    app.use(limitRequestBody(LIMIT))
    app.post('/', (_req, res) => void res.json({ ok: true, requestId: currentRequestId() }))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  /** Status of a POST whose chunked body never ends (16 kB chunks, up to 4 MB); null if none. */
  const endlessChunked = () =>
    new Promise<number | null>((resolve) => {
      const chunk = Buffer.alloc(16 * 1024, 'a')
      let sent = 0
      let answered = false
      const req = request(baseUrl, { method: 'POST' })
      const timer = setTimeout(() => {
        req.destroy()
        resolve(null)
      }, 5000)
      req.on('response', (res) => {
        answered = true
        clearTimeout(timer)
        res.resume()
        req.destroy()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', () => {})
      const pump = () => {
        while (!answered && sent < 4 * 1024 * 1024) {
          sent += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
      }
      pump()
    })

  it('answers 413 as soon as a chunked body passes the limit, before it ends', async () => {
    expect(await endlessChunked()).toBe(413)
  })

  it('keeps the request context (its id in log lines) past the body read', async () => {
    const response = await fetch(baseUrl, { method: 'POST', body: 'x'.repeat(100) })
    expect(await response.json()).toEqual({ ok: true, requestId: 'r-1' })
  })

  it('answers 413 up front for a declared Content-Length over the limit', async () => {
    const response = await fetch(baseUrl, { method: 'POST', body: 'x'.repeat(LIMIT + 1) })
    expect(response.status).toBe(413)
  })

  it('passes a body within the limit on, chunked or not', async () => {
    const chunked = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(LIMIT / 2))
        controller.enqueue(new Uint8Array(LIMIT / 2))
        controller.close()
      },
    })
    for (const body of [chunked, 'x'.repeat(LIMIT)]) {
      const response = await fetch(baseUrl, { method: 'POST', body, duplex: 'half' })
      expect(response.status).toBe(200)
    }
  })
})

describe('remixHandler: API answers compressed by the bridge, client disconnects', () => {
  let baseUrl: string
  let close: () => void
  const seen: { aborted: boolean | null; lateAborted: boolean | null } = {
    aborted: null,
    lateAborted: null,
  }
  let goneNow: () => void = () => {}
  const clientGone = new Promise<void>((resolve) => (goneNow = resolve))
  let loaderStarted: () => void = () => {}
  const json = (size: number) => JSON.stringify({ items: 'x'.repeat(size) })
  const routes: Record<string, { loader: (args: { request: Request }) => unknown }> = {
    'api.small': { loader: () => new Response(json(100), { headers: jsonType }) },
    'api.page': { loader: () => new Response(json(10_000), { headers: jsonType }) },
    'api.csv': {
      loader: () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('a,b\n'.repeat(2_500)))
              controller.close()
            },
          }),
          { headers: { 'Content-Type': 'text/csv' } },
        ),
    },
    'api.late': {
      // Reads the signal only after the client has gone (a signal made on first use).
      loader: async ({ request }) => {
        loaderStarted()
        await clientGone
        seen.lateAborted = request.signal.aborted
        return new Response('gone')
      },
    },
    'api.slow': {
      loader: ({ request }) =>
        new Promise((resolve) => {
          loaderStarted()
          request.signal.addEventListener('abort', () => {
            seen.aborted = request.signal.aborted
            resolve(new Response('gone'))
          })
        }),
    },
  }
  const jsonType = { 'Content-Type': 'application/json; charset=utf-8' }

  beforeAll(async () => {
    const build = {
      mode: 'production',
      entry: { module: { default: () => new Response('page'), handleError: () => {} } },
      routes: {
        root: { id: 'root', path: '', module: { default: () => null } },
        ...Object.fromEntries(
          Object.entries(routes).map(([id, module]) => [
            id,
            { id, parentId: 'root', path: id.replace('.', '/'), module },
          ]),
        ),
      },
      assets: { entry: { module: '', imports: [] }, routes: {}, url: '', version: 't' },
      assetsBuildDirectory: 'public/build',
      publicPath: '/build/',
      future: {},
      isSpaMode: false,
    } as unknown as Parameters<typeof remixHandler>[0]['build']
    const handler = remixHandler({
      build,
      mode: 'production',
      getLoadContext: () => ({ clientIp: '127.0.0.1' }),
      compress: compression(),
    })
    const app = express()
    app.all('*', (req, res, next) => void handler(req, res, next))
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  const get = (path: string, acceptEncoding: string) =>
    new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        request(`${baseUrl}${path}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
        })
          .on('error', reject)
          .end()
      },
    )

  it('answers as compression() did: Vary, encodings, lengths, streams', async () => {
    const small = await get('/api/small', 'gzip')
    expect(small.headers.vary).toBe('Accept-Encoding')
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.body.toString()).toBe(json(100))

    const whole = await get('/api/page', 'gzip, deflate, br')
    expect(whole.headers['content-encoding']).toBe('br')
    expect(whole.headers['content-length']).toBe(String(whole.body.byteLength))
    expect(brotliDecompressSync(whole.body).toString()).toBe(json(10_000))

    // A q-value list is left to compression() itself (here: its stream, chunked).
    const negotiated = await get('/api/page', 'gzip;q=1, br;q=0.5')
    expect(negotiated.headers['content-encoding']).toBe('gzip')
    expect(negotiated.headers['transfer-encoding']).toBe('chunked')
    expect(gunzipSync(negotiated.body).toString()).toBe(json(10_000))

    const csv = await get('/api/csv', 'gzip')
    expect(csv.headers['content-encoding']).toBe('gzip')
    expect(csv.headers.vary).toBe('Accept-Encoding')
    expect(gunzipSync(csv.body).toString()).toBe('a,b\n'.repeat(2_500))
  })

  it("aborts an API route's request.signal when the client goes away", async () => {
    const started = new Promise<void>((resolve) => (loaderStarted = resolve))
    const req = request(`${baseUrl}/api/slow`).on('error', () => {})
    req.end()
    await started
    req.destroy()
    await expect.poll(() => seen.aborted).toBe(true)
  })

  it('a signal first read after the client went away is already aborted', async () => {
    const started = new Promise<void>((resolve) => (loaderStarted = resolve))
    const req = request(`${baseUrl}/api/late`).on('error', () => {})
    req.end()
    await started
    req.destroy()
    await new Promise((resolve) => setTimeout(resolve, 200))
    goneNow()
    await expect.poll(() => seen.lateAborted).toBe(true)
  })
})
