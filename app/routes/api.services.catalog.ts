import { db } from '#app/lib/db.server.ts'
import { listCatalog, ZCatalogListInput } from '#app/lib/catalog.server.ts'
import { handleRest, queryOf } from '#app/lib/rest.server.ts'

/** GET /api/services/catalog[?family=dns|dedicated_server]: the orderable products (public). */
export function loader({ request }: { request: Request }) {
  return handleRest(() => listCatalog(db, queryOf(request, ZCatalogListInput)))
}
