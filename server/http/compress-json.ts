import type { IncomingMessage, ServerResponse } from 'node:http'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/*
 * A JSON answer held whole (server/http/express-remix.ts) gets here what compression() in
 * server/main.ts would have done to it (the same encoding, the same `Vary: Accept-Encoding`),
 * compressed in one call. compression() pipes every answer over its 1 KB threshold through a
 * zlib stream: a stream per response, a round trip to the thread pool, a chunked body and one
 * more socket write for its end. Deflating a 10 KB history page here costs ~0.05 ms, and the
 * app's CPU per history request fell by 7% (bench/README.md, §3 "2026-12-01 (prof)").
 * API answers skip compression() altogether (its per-response wrappers were ~7% of what a
 * balance read allocated, bench/README.md §2 "(p99)"); what this leaves to it, the bridge
 * hands to it then.
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
 * The bytes to send for a whole JSON body, with the headers compression() would have set on
 * `res` (`Vary`, and `Content-Encoding` when compressed), or null for an answer left to
 * compression() (not JSON, a Vary or Content-Encoding of its own, over 64 KB, an
 * Accept-Encoding that is not a plain list). Call after the answer's own headers are on `res`.
 */
export function compressWholeJson(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
): Buffer | null {
  if (!JSON_TYPE.test(String(res.getHeader('Content-Type') ?? ''))) return null
  // compression() leaves such an answer as is, without a Vary.
  if (NO_TRANSFORM.test(String(res.getHeader('Cache-Control') ?? ''))) return body
  if (res.hasHeader('Vary') || res.hasHeader('Content-Encoding')) return null
  if (body.byteLength < THRESHOLD || req.method === 'HEAD') {
    res.setHeader('Vary', 'Accept-Encoding')
    return body
  }
  const encoding =
    body.byteLength > MAX_INLINE_BYTES ? null : plainEncodingChoice(req.headers['accept-encoding'])
  if (!encoding) return null
  res.setHeader('Vary', 'Accept-Encoding')
  res.setHeader('Content-Encoding', encoding)
  return encoding === 'br' ? brotliCompressSync(body, BROTLI) : gzipSync(body)
}
