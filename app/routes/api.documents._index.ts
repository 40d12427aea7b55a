import { readDb } from '#app/lib/db.server.ts'
import { listDocuments, ZListDocumentsQuery } from '#app/lib/documents.server.ts'
import { queryOf, restHandler } from '#app/lib/rest.server.ts'

/** GET /api/documents?kind=&cursor=&limit=: the caller's receipts, invoices and credit notes, newest first. */
export const loader = restHandler({ methods: ['GET'] }, (user, { request }) =>
  listDocuments(readDb, { ...queryOf(request, ZListDocumentsQuery), userId: user.id }),
)
