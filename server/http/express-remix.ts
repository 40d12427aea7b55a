import { AsyncResource } from 'node:async_hooks'
import type { IncomingMessage } from 'node:http'
import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from '@remix-run/node'
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { runInRequestScope } from './request-scope.ts'

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

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // The host as Express's req.hostname picks it (X-Forwarded-Host only from a trusted
  // proxy), with its port.
  const trusted = (req.app.get('trust proxy fn') as TrustProxy)(req.socket.remoteAddress, 0)
  const forwardedHost = req.get('X-Forwarded-Host')?.split(',')[0]?.trim()
  const host = (trusted && forwardedHost) || req.get('Host')
  const url = new URL(`${req.protocol}://${host}${req.originalUrl}`)

  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item)
    else if (value) headers.set(name, value)
  }
  // Loaders and actions stop when the client is gone before the answer is written.
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  return new Request(url, {
    method: req.method,
    headers,
    signal: controller.signal,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : (bodies.get(req) ?? null),
  })
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText
  res.status(response.status)
  for (const [name, value] of response.headers.entries()) res.append(name, value)
  if (response.headers.get('Content-Type')?.match(/text\/event-stream/i)) res.flushHeaders()
  if (response.body) await writeReadableStreamToWritable(response.body, res)
  else res.end()
}

export function remixHandler(options: {
  build: ServerBuild
  mode: string
  getLoadContext: (req: ExpressRequest) => AppLoadContext
}) {
  const handle = createRequestHandler(options.build, options.mode)
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    let request: Request
    try {
      request = remixRequest(req, res)
    } catch {
      res.status(400).json({
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request URL or Host header is not valid.',
        },
      })
      return
    }
    try {
      // One scope per incoming request: its loaders and tRPC context share one authentication.
      const context = options.getLoadContext(req)
      await sendResponse(res, await runInRequestScope(() => handle(request, context)))
    } catch (error) {
      next(error)
    }
  }
}
