import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { z } from 'zod'
import { db, readDb, type Db } from '#db/client.ts'
import { isDatabaseUnavailable } from '#db/errors.ts'
import { assertSameOrigin } from '#server/auth/origin.ts'
import { assertScope, authenticateRequest, type RequestAuth } from '#server/auth/request-auth.ts'
import { AppError, isAppError } from '#server/errors.ts'
import { asAppError } from '#server/http/respond.ts'
import { getProviders, type Providers } from '#server/integrations/providers.ts'
import { logError } from '#server/lib/log.ts'
import { validationError } from '#server/lib/validation.ts'

/* 1. CONTEXT ---------------------------------------------------------------------------- */

export type Context = {
  db: Db
  /** Reports, exports and history listings only: a read-only pool, maybe a lagging replica. */
  readDb: Db
  providers: Providers
  auth: RequestAuth | null
  /** A credential that was presented but refused (bad token): reported by every procedure. */
  authError: AppError | null
  clientIp: string
  request: Request | null
}

/** Built from the Request for HTTP calls and for the server-side caller in loaders. */
export async function createContext(opts: {
  request: Request
  clientIp: string
}): Promise<Context> {
  let auth: RequestAuth | null = null
  let authError: AppError | null = null
  try {
    auth = await authenticateRequest(opts.request)
  } catch (error) {
    if (isAppError(error)) authError = error
    else if (isDatabaseUnavailable(error)) authError = asAppError(error)
    else throw error
  }
  return {
    db,
    readDb,
    providers: getProviders(),
    auth,
    authError,
    clientIp: opts.clientIp,
    request: opts.request,
  }
}

/* 2. INITIALIZATION --------------------------------------------------------------------- */

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const appError = isAppError(error.cause) ? error.cause : null
    const internal = error.code === 'INTERNAL_SERVER_ERROR'
    return {
      ...shape,
      // Internal error text (SQL, stack traces) never leaves the server.
      message: internal ? 'Something went wrong on our side. Please try again.' : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        appCode: appError?.code ?? null,
        fields: appError?.fields ?? null,
        details: appError?.details ?? null,
      },
    }
  },
})

/* 3. ROUTER & PROCEDURES ---------------------------------------------------------------- */

export const router = t.router
export const createCallerFactory = t.createCallerFactory

/** Maps AppError and zod failures to tRPC codes; logs and hides everything else. */
const errorConversion = t.middleware(async ({ next, path }) => {
  const result = await next()
  if (result.ok) return result
  const { error } = result
  const cause = error.cause
  if (isAppError(cause))
    throw new TRPCError({ code: cause.trpcCode, message: cause.message, cause })
  if (cause instanceof z.ZodError) {
    const appError = validationError(cause)
    throw new TRPCError({ code: 'BAD_REQUEST', message: appError.message, cause: appError })
  }
  if (isDatabaseUnavailable(cause)) {
    const unavailable = asAppError(cause)
    throw new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: unavailable.message,
      cause: unavailable,
    })
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') logError('procedure failed', cause ?? error, { path })
  return result
})

/** Cookie-authenticated mutations must come from our own origin (CSRF). */
const originCheck = t.middleware(({ ctx, type, next }) => {
  if (ctx.authError) throw ctx.authError
  if (type === 'mutation' && ctx.request && ctx.auth?.via === 'session')
    assertSameOrigin(ctx.request)
  return next()
})

export const publicProcedure = t.procedure.use(errorConversion).use(originCheck)

export const protectedProcedure = publicProcedure.use(({ ctx, type, next }) => {
  if (!ctx.auth) throw new AppError('UNAUTHENTICATED', 'Please sign in.')
  // API tokens: a read token may query, moving money or changing anything needs write.
  assertScope(ctx.auth, type === 'mutation' ? 'write' : 'read')
  return next({ ctx: { ...ctx, auth: ctx.auth, user: ctx.auth.user } })
})

export const adminProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new AppError('FORBIDDEN', 'Administrators only.')
  assertScope(ctx.auth, 'admin')
  return next({ ctx })
})
