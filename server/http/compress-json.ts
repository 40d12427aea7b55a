import type { IncomingMessage, ServerResponse } from 'node:http'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/*
 * A JSON answer held whole (server/http/express-remix.ts) is compressed here in one call, the
 * way compression() in server/main.ts would have compressed it, which then sees it "already
 * encoded" and lets it through (after adding `Vary: Accept-Encoding`, as for any JSON answer).
 * compression() pipes every answer over its 1 KB threshold through a zlib stream: a stream per
 * response, a round trip to the thread pool, a chunked body and one more socket write for its
 * end. Deflating a 10 KB history page here costs ~0.05 ms, and the app's CPU per history request
 * fell by 7% (bench/README.md, §3 "2026-12-01 (prof)").
 */

/** compression()'s defaults: its threshold, and brotli at quality 4. */
const THRESHOLD = 1024
const BROTLI = { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }
/** Larger answers stay with compression()'s stream, whose deflating runs off the event loop. */
const MAX_INLINE_BYTES = 64 * 1024

const JSON_TYPE = /^application\/json\b/i
// compression()'s own test for Cache-Control: no-transform.
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/

/**
 * The encoding compression() picks for a plain list of encodings ("gzip", "gzip, deflate, br,
 * zstd": every one at q=1, so its preference br, then gzip, decides), or null for anything
 * else (q-values, wildcards, identity, neither br nor gzip), which is left to compression().
 */
export function plainEncodingChoice(acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding || /[;*]/.test(acceptEncoding)) return null
  const listed = acceptEncoding.split(',').map((token) => token.trim().toLowerCase())
  if (listed.includes('identity')) return null
  if (listed.includes('br')) return 'br'
  if (listed.includes('gzip')) return 'gzip'
  return null
}

/**
 * The bytes to send for a whole JSON body, with `Content-Encoding` set when they are
 * compressed; the body itself when compression() would not compress it or is left to decide.
 * Call after the answer's own headers are on `res`.
 */
export function compressWholeJson(req: IncomingMessage, res: ServerResponse, body: Buffer): Buffer {
  if (req.method === 'HEAD' || body.byteLength < THRESHOLD || body.byteLength > MAX_INLINE_BYTES)
    return body
  if (!JSON_TYPE.test(String(res.getHeader('Content-Type') ?? ''))) return body
  if (NO_TRANSFORM.test(String(res.getHeader('Cache-Control') ?? ''))) return body
  if (res.getHeader('Content-Encoding')) return body
  const encoding = plainEncodingChoice(req.headers['accept-encoding'])
  if (!encoding) return body
  res.setHeader('Content-Encoding', encoding)
  return encoding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body)
}
