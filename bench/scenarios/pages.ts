import { request } from 'node:http'
import { brotliCompressSync, constants, gunzipSync } from 'node:zlib'
import { callText } from '../lib/http.ts'
import { sequential, type LatencySummary } from '../lib/stats.ts'

export type PageTiming = {
  user: string
  latency: LatencySummary
  errors: number
  firstError: string | null
  htmlBytes: number
}

/** GET /billing with a session cookie, sequentially (server render incl. loader queries). */
export async function runBillingPage(input: {
  baseUrl: string
  cookie: string
  user: string
  requests: number
}): Promise<PageTiming & { html: string }> {
  const html = await callText(input.baseUrl, '/billing', { cookie: input.cookie })
  if (!html.includes('<html'))
    throw new Error('GET /billing did not return the page (session refused?)')
  for (let i = 0; i < 5; i++) await callText(input.baseUrl, '/billing', { cookie: input.cookie })
  const run = await sequential(input.requests, async () => {
    await callText(input.baseUrl, '/billing', { cookie: input.cookie })
  })
  return { user: input.user, ...run, htmlBytes: Buffer.byteLength(html), html }
}

export type AssetSize = {
  path: string
  raw: number
  gzip: number
  brotli: number
  encoding: string
}
export type JsBytes = {
  assets: AssetSize[]
  totalRaw: number
  /** What the browser downloads: bytes on the wire with Accept-Encoding: gzip (the app's compression). */
  totalGzip: number
  /** Reference only: the same files brotli-compressed (quality 11) by node:zlib. */
  totalBrotli: number
}

/** Every /build/ script the page loads up front: <script src>, modulepreload links, inline module imports. */
export function scriptUrls(html: string): string[] {
  const urls = new Set<string>()
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)) urls.add(match[1]!)
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0]
    if (!/\brel="modulepreload"/i.test(tag)) continue
    const href = /\bhref="([^"]+)"/i.exec(tag)
    if (href) urls.add(href[1]!)
  }
  for (const match of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const imported of match[1]!.matchAll(/\bimport\s*(?:[^'"]*?\bfrom\s*)?["']([^"']+)["']/g))
      urls.add(imported[1]!)
  }
  return [...urls].filter((url) => url.startsWith('/build/')).sort()
}

/** Fetches one asset with Accept-Encoding: gzip and counts the bytes actually transferred. */
function fetchCompressed(
  baseUrl: string,
  path: string,
): Promise<{ wire: Buffer; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(baseUrl + path, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`))
        else
          resolve({
            wire: Buffer.concat(chunks),
            encoding: String(res.headers['content-encoding'] ?? 'identity'),
          })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

export async function measureJsBytes(baseUrl: string, html: string): Promise<JsBytes> {
  const assets: AssetSize[] = []
  for (const path of scriptUrls(html)) {
    const { wire, encoding } = await fetchCompressed(baseUrl, path)
    const raw = encoding === 'gzip' ? gunzipSync(wire) : wire
    const brotli = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    })
    assets.push({ path, raw: raw.length, gzip: wire.length, brotli: brotli.length, encoding })
  }
  const sum = (key: 'raw' | 'gzip' | 'brotli') =>
    assets.reduce((total, asset) => total + asset[key], 0)
  return { assets, totalRaw: sum('raw'), totalGzip: sum('gzip'), totalBrotli: sum('brotli') }
}
