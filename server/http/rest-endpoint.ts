import type { z } from 'zod'
import type { ApiTokenScope } from '#db/schema/index.ts'
import { parseInput } from '#server/lib/validation.ts'
import { searchParamsToObject } from '#server/services/credits/schemas.ts'
import type { PublicUser } from '#server/services/users/public-user.ts'
import { handleRest, readJsonBody } from './respond.ts'
import { methodNotAllowed, requireApiAdmin, requireApiUser } from './rest-auth.ts'

/*
 * The steps every REST resource route repeats, once: the method, the caller, the input parsed
 * with the procedure's own zod schema, the service, errors through handleRest (one error table).
 */

type RouteArgs = { request: Request; params: Record<string, string | undefined> }

/** The query string parsed with `schema` (a repeated key becomes an array). */
export function queryOf<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return parseInput(schema, searchParamsToObject(new URL(request.url).searchParams))
}

/** The JSON body parsed with `schema`. */
export async function bodyOf<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<z.output<S>> {
  return parseInput(schema, await readJsonBody(request))
}

/** A CSV download that is never cached. */
export function csvResponse(body: BodyInit, filename: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  })
}

/** Today's UTC date for a download's file name. */
export const todayUtc = () => new Date().toISOString().slice(0, 10)

/**
 * A REST handler: refuses other methods, authenticates the caller (a user, or an admin with
 * `as: 'admin'`), then runs `handle`. Use it as a route's `loader` or `action`.
 */
export function restHandler(
  options: { methods: string[]; as?: 'user' | 'admin'; scope?: ApiTokenScope },
  handle: (caller: PublicUser, args: RouteArgs) => unknown,
) {
  // A loader also answers HEAD, as Remix routes it GET's way.
  const allowed = options.methods.includes('GET') ? [...options.methods, 'HEAD'] : options.methods
  return ({ request, params }: RouteArgs) =>
    handleRest(async () => {
      if (!allowed.includes(request.method)) methodNotAllowed(options.methods)
      const caller =
        options.as === 'admin'
          ? await requireApiAdmin(request)
          : await requireApiUser(request, options.scope)
      return handle(caller, { request, params })
    })
}
