import { db } from '#app/lib/db.server.ts'
import { pdfResponse, statementPdf, ZAdminStatementInput } from '#app/lib/documents.server.ts'
import { adminRestHandler, parseInput } from '#app/lib/rest.server.ts'

/** GET /api/admin/users/:userId/statements/YYYY-MM.pdf: that user's statement (admins only). */
export const loader = adminRestHandler(['GET'], async (_admin, { request, params }) => {
  const input = parseInput(ZAdminStatementInput, { userId: params.userId, month: params.month })
  const pdf = await statementPdf(db, input)
  return pdfResponse(pdf.bytes, pdf.filename, request.method)
})
