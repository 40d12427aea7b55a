export { errorResponse, handleRest, json, readJsonBody } from '#server/http/respond.ts'
export { methodNotAllowed, requireApiAdmin, requireApiUser } from '#server/http/rest-auth.ts'
export { parseInput } from '#server/lib/validation.ts'
export { topupRouteActions } from '#server/http/topup-routes.ts'
