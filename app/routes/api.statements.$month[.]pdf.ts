import { db } from '#app/lib/db.server.ts'
import { pdfResponse, statementPdf, ZStatementInput } from '#app/lib/documents.server.ts'
import { parseInput, restHandler } from '#app/lib/rest.server.ts'

/** GET /api/statements/YYYY-MM.pdf: the caller's custom-credit statement for that UTC month. */
export const loader = restHandler({ methods: ['GET'] }, async (user, { request, params }) => {
  const { month } = parseInput(ZStatementInput, { month: params.month })
  const pdf = await statementPdf(db, { userId: user.id, month })
  return pdfResponse(pdf.bytes, pdf.filename, request.method)
})
