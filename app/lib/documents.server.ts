// Documents and statements for the REST routes and page loaders; tRPC (documents.*) calls the same services.
export { pdfResponse } from '#server/http/pdf-response.ts'
export { documentPdf } from '#server/services/documents/document-pdf.ts'
export {
  findDocumentLinks,
  ZAdminDocumentLinksInput,
  ZDocumentLinksInput,
} from '#server/services/documents/document-links.ts'
export { listDocuments } from '#server/services/documents/get-document.ts'
export { ZDocumentId, ZListDocumentsQuery } from '#server/services/documents/schemas.ts'
export { statementPdf } from '#server/services/documents/statements/statement-pdf.ts'
export {
  ZAdminStatementInput,
  ZStatementInput,
} from '#server/services/documents/statements/schemas.ts'
