import { db } from '#app/lib/db.server.ts'
import { documentPdf, pdfResponse, ZDocumentId } from '#app/lib/documents.server.ts'
import { adminRestHandler, parseInput } from '#app/lib/rest.server.ts'
import { ZUserId } from '#app/lib/services.server.ts'

/** GET /api/admin/users/:userId/documents/:id.pdf: a document of that user (admins only). */
export const loader = adminRestHandler(['GET'], async (_admin, { request, params }) => {
  const userId = parseInput(ZUserId, params.userId)
  const documentId = parseInput(ZDocumentId, params.documentId)
  // Looked up as that user would: a document of someone else is not under this path (404).
  const pdf = await documentPdf(db, { viewer: { id: userId, role: 'user' }, documentId })
  return pdfResponse(pdf.bytes, pdf.filename, request.method)
})
