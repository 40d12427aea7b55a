import { restHandler } from '#server/http/rest-endpoint.ts'

export { errorResponse, handleRest, json, readJsonBody } from '#server/http/respond.ts'
export { methodNotAllowed, requireApiAdmin, requireApiUser } from '#server/http/rest-auth.ts'
export { parseInput } from '#server/lib/validation.ts'
export { topupRouteActions } from '#server/http/topup-routes.ts'
export { bodyOf, csvResponse, queryOf, restHandler, todayUtc } from '#server/http/rest-endpoint.ts'

/** restHandler for the admin REST routes: `handle` runs only for an admin, as the caller. */
export function adminRestHandler(
  methods: string[],
  handle: Parameters<typeof restHandler>[1],
): ReturnType<typeof restHandler> {
  return restHandler({ methods, as: 'admin' }, handle)
}
