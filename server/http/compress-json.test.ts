import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import compression from 'compression'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compressWholeJson, plainEncodingChoice } from './compress-json.ts'

/** A JSON body of about `size` bytes. */
const bodyOf = (size: number) =>
  Buffer.from(
    JSON.stringify({ items: 'x'.repeat(Math.max(0, size - 12)) }).slice(0, size - 2) + '"}',
  )

const cacheControlOf = (value: unknown) => (typeof value === 'string' ? value : 'no-store')

type Answer = { encoding: string | null; vary: string | null; chunked: boolean; body: Buffer }

describe('a whole JSON answer compressed in one call', () => {
  let baseUrl: string
  let close: () => void
  beforeAll(async () => {
    const app = express()
    const compress = compression()
    // What server/main.ts and the Express bridge did before: compression() streams the body.
    app.get('/middleware', compress, (req, res) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Cache-Control', cacheControlOf(req.query.cc))
      const body = bodyOf(Number(req.query.size))
      res.setHeader('Content-Length', body.byteLength)
      res.end(body)
    })
    // What the bridge does now for an API answer (sendResponse in express-remix.ts): no
    // compression() up front; what compressWholeJson leaves is handed to it then.
    app.get('/inline', (req, res) => {
      res.setHeader('Content-Type', 'application/json; charset=utf-8')
      res.setHeader('Cache-Control', cacheControlOf(req.query.cc))
      const whole = bodyOf(Number(req.query.size))
      const end = (body: Buffer) => {
        res.setHeader('Content-Length', body.byteLength)
        res.end(body)
      }
      const sent = compressWholeJson(req, res, whole)
      if (sent) end(sent)
      else compress(req, res, () => end(whole))
    })
    const server = app.listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () => server.close()
  })
  afterAll(() => close())

  const get = (path: string, acceptEncoding: string | undefined) =>
    new Promise<Answer>((resolve, reject) => {
      const headers = acceptEncoding === undefined ? {} : { 'Accept-Encoding': acceptEncoding }
      request(baseUrl + path, { headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const encoding = res.headers['content-encoding'] ?? null
          const body =
            encoding === 'gzip'
              ? gunzipSync(raw)
              : encoding === 'br'
                ? brotliDecompressSync(raw)
                : encoding === 'deflate'
                  ? inflateSync(raw)
                  : raw
          resolve({
            encoding,
            vary: res.headers.vary ?? null,
            chunked: res.headers['transfer-encoding'] === 'chunked',
            body,
          })
        })
        res.on('error', reject)
      })
        .on('error', reject)
        .end()
    })

  const acceptEncodings = [
    undefined,
    '',
    'gzip',
    'GZIP',
    'gzip, deflate',
    'gzip, deflate, br',
    'gzip, deflate, br, zstd',
    ' gzip ,  br',
    'br',
    'deflate',
    'zstd',
    'x-gzip',
    'identity',
    'identity, gzip',
    'gzip;q=0',
    'br;q=0.5, gzip',
    'deflate, gzip;q=0.5',
    '*',
  ]

  it('sends what compression() sends: same encoding, Vary and bytes once decoded', async () => {
    for (const size of [200, 1023, 1024, 10_000, 64 * 1024, 64 * 1024 + 1])
      for (const cc of ['no-store', 'no-store, no-transform'])
        for (const acceptEncoding of acceptEncodings) {
          const query = `?size=${size}&cc=${encodeURIComponent(cc)}`
          const [before, now] = await Promise.all([
            get(`/middleware${query}`, acceptEncoding),
            get(`/inline${query}`, acceptEncoding),
          ])
          const label = `${size} bytes, ${cc}, Accept-Encoding ${JSON.stringify(acceptEncoding)}`
          expect(now.encoding, label).toBe(before.encoding)
          expect(now.vary, label).toBe(before.vary)
          expect(now.body.equals(bodyOf(size)), label).toBe(true)
          expect(before.body.equals(bodyOf(size)), label).toBe(true)
        }
  })

  it('compresses a page-sized answer itself, with its length and no chunked stream', async () => {
    for (const acceptEncoding of ['gzip', 'gzip, deflate, br, zstd']) {
      const now = await get('/inline?size=10000', acceptEncoding)
      expect(now.encoding).toBe(acceptEncoding === 'gzip' ? 'gzip' : 'br')
      expect(now.chunked).toBe(false)
      // The middleware's stream sends the same answer chunked.
      expect((await get('/middleware?size=10000', acceptEncoding)).chunked).toBe(true)
    }
  })

  it('leaves every list it does not read as compression() does to compression()', () => {
    expect(plainEncodingChoice('gzip, deflate, br')).toBe('br')
    expect(plainEncodingChoice('deflate, gzip')).toBe('gzip')
    for (const header of [undefined, '', 'deflate', 'identity, gzip', 'gzip;q=1', '*', 'zstd'])
      expect(plainEncodingChoice(header)).toBeNull()
  })
})
