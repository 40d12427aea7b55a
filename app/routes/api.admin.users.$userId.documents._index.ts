import { readDb } from '#app/lib/db.server.ts'
import { listDocuments, ZListDocumentsQuery } from '#app/lib/documents.server.ts'
import { adminRestHandler, parseInput, queryOf } from '#app/lib/rest.server.ts'
import { ZUserId } from '#app/lib/services.server.ts'

/** GET /api/admin/users/:userId/documents: that user's documents, newest first (admins only). */
export const loader = adminRestHandler(['GET'], (_admin, { request, params }) =>
  listDocuments(readDb, {
    ...queryOf(request, ZListDocumentsQuery),
    userId: parseInput(ZUserId, params.userId),
  }),
)
