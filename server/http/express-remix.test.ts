import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { currentRequestId, requestContext } from '#server/lib/request-context.ts'
import { limitRequestBody } from './express-remix.ts'

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
