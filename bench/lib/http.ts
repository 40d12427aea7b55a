import { Agent, request } from 'node:http'
import { gunzipSync } from 'node:zlib'

/**
 * The load generator's HTTP client. Two implementations, chosen by BENCH_CLIENT:
 *
 * - `http` (default): node:http with a keep-alive Agent (one socket per concurrent client).
 *   It costs the client about a third of the CPU fetch does, which matters on a 2-core box
 *   where the load generator, the app and PostgreSQL share the cores.
 * - `fetch`: Node's fetch; its global undici dispatcher keeps connections alive by default.
 *
 * Both send `Accept-Encoding: gzip` (what fetch, browsers and most HTTP libraries send), so
 * the app compresses responses as it would for real clients; BENCH_ACCEPT_ENCODING=identity
 * turns that off. Bodies are always read so sockets return to the pool.
 */
export type CallOptions = {
  method?: string
  token?: string
  cookie?: string
  body?: unknown
  headers?: Record<string, string>
}

export const clientKind: 'http' | 'fetch' = process.env.BENCH_CLIENT === 'fetch' ? 'fetch' : 'http'
const acceptEncoding = process.env.BENCH_ACCEPT_ENCODING ?? 'gzip'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${url}: ${body.slice(0, 300)}`)
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 })

function headersOf(options: CallOptions, payload: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers }
  if (acceptEncoding) headers['Accept-Encoding'] = acceptEncoding
  if (options.token) headers.Authorization = `Bearer ${options.token}`
  if (options.cookie) headers.Cookie = options.cookie
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json'
    headers['Content-Length'] = String(Buffer.byteLength(payload))
  }
  return headers
}

function viaHttp(url: string, options: CallOptions): Promise<{ status: number; text: string }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', agent, headers: headersOf(options, payload) },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          try {
            const raw = Buffer.concat(chunks)
            const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
            resolve({ status: res.statusCode ?? 0, text: body.toString('utf8') })
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)))
          }
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

async function viaFetch(
  url: string,
  options: CallOptions,
): Promise<{ status: number; text: string }> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body)
  const headers = headersOf(options, payload)
  delete headers['Content-Length']
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: payload,
    redirect: 'manual',
  })
  return { status: response.status, text: await response.text() }
}

/** Calls the app and returns the response body as text; non-2xx throws HttpError. */
export async function callText(
  baseUrl: string,
  path: string,
  options: CallOptions = {},
): Promise<string> {
  const url = baseUrl + path
  const { status, text } = await (clientKind === 'fetch' ? viaFetch : viaHttp)(url, options)
  if (status < 200 || status >= 300) throw new HttpError(status, text, url)
  return text
}

export async function callJson<T>(
  baseUrl: string,
  path: string,
  options: CallOptions = {},
): Promise<T> {
  return JSON.parse(await callText(baseUrl, path, options)) as T
}

/** A tRPC mutation over plain HTTP (superjson envelope: `{ json: input }`). */
export async function trpcMutation<T>(
  baseUrl: string,
  procedure: string,
  input: unknown,
  options: CallOptions = {},
): Promise<T> {
  const result = await callJson<{ result: { data: { json: T } } }>(
    baseUrl,
    `/api/trpc/${procedure}`,
    { ...options, method: 'POST', body: { json: input } },
  )
  return result.result.data.json
}
