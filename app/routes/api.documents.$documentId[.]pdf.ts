import { db } from '#app/lib/db.server.ts'
import { documentPdf, pdfResponse, ZDocumentId } from '#app/lib/documents.server.ts'
import { parseInput, restHandler } from '#app/lib/rest.server.ts'

/** GET /api/documents/:id.pdf: one of the caller's documents (another user's is 404). */
export const loader = restHandler({ methods: ['GET'] }, async (user, { request, params }) => {
  const documentId = parseInput(ZDocumentId, params.documentId)
  const pdf = await documentPdf(db, { viewer: { id: user.id, role: 'user' }, documentId })
  return pdfResponse(pdf.bytes, pdf.filename, request.method)
})
