import { AsyncResource } from 'node:async_hooks'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  createRequestHandler,
  json,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node'
import type {
  NextFunction,
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from 'express'
import { compileApiRoutes, type ApiMatch } from './api-routes.ts'
import { compressWholeJson } from './compress-json.ts'
import { runInRequestScope } from './request-scope.ts'
import { wholeBodyOf } from './whole-body.ts'

/**
 * The bridge from Express to Remix (what @remix-run/express does), except that request
 * bodies are read here, once, under one size limit, before any route runs. Every body
 * reader behind it (tRPC, REST JSON, forms, the webhook's raw body, the bulk CSV upload)
 * sees only a body that fit.
 */

// Nothing we accept is large (the biggest is a 1 MB bulk CSV).
export const MAX_BODY_BYTES = 2 * 1024 * 1024

const bodies = new WeakMap<IncomingMessage, Buffer<ArrayBuffer>>()

// Long enough for a client that is still sending to read the 413; closing at once would
// reset the connection and lose the answer.
const LINGER_MS = 2000

function refuseTooLarge(req: ExpressRequest, res: ExpressResponse): void {
  // Nothing more of the body is read; the connection is dropped shortly after the answer.
  req.pause()
  res.once('finish', () => setTimeout(() => req.socket.destroy(), LINGER_MS).unref())
  res
    .status(413)
    .json({ error: { code: 'VALIDATION_FAILED', message: 'The request body is too large.' } })
}

/**
 * Reads the body into memory, counting the bytes as they arrive whatever the framing
 * (Content-Length or chunked), and answers 413 the moment the count passes `maxBytes`.
 */
export function limitRequestBody(maxBytes = MAX_BODY_BYTES) {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next()
    if (Number(req.get('content-length') ?? 0) > maxBytes) return refuseTooLarge(req, res)
    const chunks: Buffer[] = []
    let size = 0
    // 'end' fires in the socket's async context: bound, the rest of the chain keeps the
    // request's own (its request id in every log line).
    const proceed = AsyncResource.bind(() => next())
    const stop = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', stop)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) return void chunks.push(chunk)
      stop()
      refuseTooLarge(req, res)
    }
    const onEnd = () => {
      stop()
      bodies.set(req, Buffer.concat(chunks, size))
      proceed()
    }
    // A client that goes away mid-body gets no answer; there is no one to send it to.
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', stop)
  }
}

type TrustProxy = (address: string | undefined, hop: number) => boolean

function requestUrl(req: ExpressRequest): URL {
  // The host as Express's req.hostname picks it (X-Forwarded-Host only from a trusted
  // proxy), with its port.
  const trusted = (req.app.get('trust proxy fn') as TrustProxy)(req.socket.remoteAddress, 0)
  const forwardedHost = req.get('X-Forwarded-Host')?.split(',')[0]?.trim()
  const host = (trusted && forwardedHost) || req.get('Host')
  return new URL(`${req.protocol}://${host}${req.originalUrl}`)
}

/** The client went away before the answer was written. */
const clientGone = (res: ServerResponse) => res.closed && !res.writableFinished

/**
 * An API route's Request, whose `signal` (aborted when the client goes away before the answer
 * is written, as for a page) is made on first use: most API calls never read it. Given a
 * signal instead, undici makes its own follow it through a WeakRef and a FinalizationRegistry,
 * which scavenges treat as strong: every request's controllers were promoted and left for a
 * mark-compact, whose weak-cell pass took up to 13 ms (the paced balance p99, bench/README.md
 * §2 "(p99)"). `new Request(url, request)` follows this signal; `request.clone()` and
 * `new Request(request)` do not (no API route waits on those).
 * It extends the `Request` of when this module loads: offline mode (server/offline-mode.ts)
 * later lets msw swap the global one for a proxy that records raw header casing, which is for
 * outgoing requests; an incoming one need not pay for it.
 */
class ApiRequest extends Request {
  readonly #res: ServerResponse
  #controller: AbortController | undefined

  constructor(url: URL, init: RequestInit, res: ServerResponse) {
    super(url, init)
    this.#res = res
  }

  override get signal(): AbortSignal {
    if (!this.#controller) {
      const controller = (this.#controller = new AbortController())
      const res = this.#res
      if (res.closed) {
        if (!res.writableFinished) controller.abort()
      } else {
        res.once('close', () => {
          if (!res.writableFinished) controller.abort()
        })
      }
    }
    return this.#controller.signal
  }

  /** What `signal.aborted` says, without making the signal. */
  clientGone(): boolean {
    return this.#controller ? this.#controller.signal.aborted : clientGone(this.#res)
  }
}

function requestInit(req: ExpressRequest): RequestInit {
  // Node's parsed headers (duplicates already resolved its way), handed over as pairs: the
  // Request builds its header list once (a Headers object first was copied into it again).
  const headers: [string, string][] = []
  for (const name in req.headers) {
    const value = req.headers[name]
    if (Array.isArray(value)) for (const item of value) headers.push([name, item])
    else if (value) headers.push([name, value])
  }
  return {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : (bodies.get(req) ?? null),
  }
}

/** The Request Remix gets: loaders and actions stop when the client is gone. */
function pageRequest(req: ExpressRequest, res: ExpressResponse, url: URL): Request {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  return new Request(url, { ...requestInit(req), signal: controller.signal })
}

/** A JSON answer of known size, read whole: it goes out with Content-Length (so compression
 * skips a small one; a larger one is compressed in one call, compress-json.ts) in one write,
 * instead of being streamed chunk by chunk. */
function isWholeJson(response: Response): boolean {
  if (response.headers.has('Content-Length')) return true
  const type = response.headers.get('Content-Type') ?? ''
  return /\bapplication\/json\b/i.test(type) && !response.headers.has('Transfer-Encoding')
}

/** The compression() middleware, for answers the bridge compresses (bridgeCompresses). */
type Compress = RequestHandler

function endWhole(res: ExpressResponse, body: Buffer): void {
  res.setHeader('Content-Length', body.byteLength)
  res.end(body)
}

/** `send` with compression() around it; at once when the caller compressed up front. */
function compressed(
  req: ExpressRequest,
  res: ExpressResponse,
  compress: Compress | null,
  send: () => void | Promise<void>,
): Promise<void> {
  if (!compress) return Promise.resolve(send())
  // compression() only wraps res and calls next(), never with an error.
  return new Promise((resolve, reject) =>
    compress(req, res, () => void Promise.resolve(send()).then(resolve, reject)),
  )
}

async function sendResponse(
  req: ExpressRequest,
  res: ExpressResponse,
  response: Response,
  compress: Compress | null,
): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [name, value] of response.headers.entries()) res.append(name, value)
  if (response.body && isWholeJson(response)) {
    const known = wholeBodyOf(response)
    const whole = known
      ? Buffer.from(known.buffer, known.byteOffset, known.byteLength)
      : Buffer.from(await response.arrayBuffer())
    // Most API answers: sent as compression() would have sent them, without it.
    const sent = compressWholeJson(req, res, whole)
    if (sent) return endWhole(res, sent)
    return compressed(req, res, compress, () => endWhole(res, whole))
  }
  const body = response.body
  return compressed(req, res, compress, () => {
    if (response.headers.get('Content-Type')?.match(/text\/event-stream/i)) res.flushHeaders()
    return body ? writeReadableStreamToWritable(body, res) : void res.end()
  })
}

const isRedirect = (response: Response) =>
  [301, 302, 303, 307, 308].includes(response.status) && response.headers.has('Location')

/**
 * One API route's loader or action, answered as Remix's handleResourceRequest answers it:
 * a plain value becomes JSON, a thrown Response is the answer (marked `X-Remix-Catch`, as
 * Remix marks it), anything else thrown is reported to the build's handleError and becomes
 * the same bare 500. HEAD drops the body.
 */
async function callApiRoute(
  match: ApiMatch,
  request: ApiRequest,
  context: AppLoadContext,
  build: ServerBuild,
  mode: string,
): Promise<Response> {
  let response: Response
  try {
    const result = await match.handler({ request, params: match.params, context })
    if (result === undefined) {
      throw new Error(
        `You defined a loader or action for route "${match.routeId}" but didn't return anything.`,
      )
    }
    if (request.clientGone()) throw request.signal.reason
    response = result instanceof Response ? result : json(result)
  } catch (error) {
    if (error instanceof Response) {
      response = error
      if (!isRedirect(error)) {
        const headers = new Headers(error.headers)
        headers.set('X-Remix-Catch', 'yes')
        response = new Response(error.body, {
          status: error.status,
          statusText: error.statusText,
          headers,
        })
      }
    } else {
      const report = build.entry.module.handleError ?? ((e: unknown) => console.error(e))
      report(error, { request, params: match.params, context })
      const detail = mode === 'production' ? '' : `\n\n${String(error)}`
      response = new Response(`Unexpected Server Error${detail}`, {
        status: 500,
        headers: { 'Content-Type': 'text/plain' },
      })
    }
  }
  if (request.method !== 'HEAD') return response
  return new Response(null, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  })
}

/**
 * The paths whose answers the bridge compresses itself: server/main.ts runs compression() up
 * front for every other path, and not for these. An API answer is mostly a whole JSON body,
 * which needs none of compression()'s per-response wrappers (compress-json.ts).
 */
export const bridgeCompresses = (path: string) => path.startsWith('/api/')

/**
 * The bridge for every request that passed the middleware in server/main.ts: an API
 * resource route (/api/…, tRPC included) is called directly (server/http/api-routes.ts,
 * ADR 029); pages, unknown paths and anything unusual go through Remix. With `compress`, the
 * answers to bridgeCompresses paths are compressed here, as compression() would have.
 */
export function remixHandler(options: {
  build: ServerBuild
  mode: string
  getLoadContext: (req: ExpressRequest) => AppLoadContext
  compress?: Compress
}) {
  const handle = createRequestHandler(options.build, options.mode)
  const api = compileApiRoutes(options.build.routes)
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const compress = options.compress && bridgeCompresses(req.path) ? options.compress : null
    let call: (context: AppLoadContext) => Promise<Response>
    try {
      const url = requestUrl(req)
      const match = api.match(req.method, url)
      if (match) {
        const request = new ApiRequest(url, requestInit(req), res)
        call = (context) => callApiRoute(match, request, context, options.build, options.mode)
      } else {
        const request = pageRequest(req, res, url)
        call = (context) => handle(request, context)
      }
    } catch {
      await compressed(req, res, compress, () => {
        res.status(400).json({
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The request URL or Host header is not valid.',
          },
        })
      })
      return
    }
    try {
      // One scope per incoming request: its loaders and tRPC context share one authentication.
      const context = options.getLoadContext(req)
      const response = await runInRequestScope(() => call(context))
      await sendResponse(req, res, response, compress)
    } catch (error) {
      next(error)
    }
  }
}
