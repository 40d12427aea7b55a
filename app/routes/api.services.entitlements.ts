import { db } from '#app/lib/db.server.ts'
import { getEntitlements } from '#app/lib/catalog.server.ts'
import { restHandler } from '#app/lib/rest.server.ts'

/** GET /api/services/entitlements: what the caller may use right now, per family (read scope). */
export const loader = restHandler({ methods: ['GET'] }, (user) => getEntitlements(db, user.id))
