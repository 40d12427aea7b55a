import { z } from 'zod'
import {
  findDocumentLinks,
  ZAdminDocumentLinksInput,
  ZDocumentLinksInput,
} from '#server/services/documents/document-links.ts'
import { getDocument, listDocuments } from '#server/services/documents/get-document.ts'
import { ZDocumentId, ZListDocumentsQuery } from '#server/services/documents/schemas.ts'
import { getStatement } from '#server/services/documents/statements/get-statement.ts'
import {
  ZAdminStatementInput,
  ZStatementInput,
} from '#server/services/documents/statements/schemas.ts'
import { ZUserId } from '#server/services/users/fields.ts'
import { adminProcedure, protectedProcedure, router } from '../init.ts'

/*
 * Documents and statements: a customer's own (the caller's id, never one from the input; a
 * document of someone else is NOT_FOUND), and under `admin` anyone's. The PDFs are REST
 * downloads (/api/documents/:id.pdf, /api/statements/:month.pdf); these return the data.
 */

const ZDocumentLookup = z.object({ documentId: ZDocumentId })

const adminDocumentsRouter = router({
  list: adminProcedure
    .input(ZListDocumentsQuery.extend({ userId: ZUserId }))
    .query(({ ctx, input }) => listDocuments(ctx.readDb, input)),
  get: adminProcedure
    .input(ZDocumentLookup)
    .query(({ ctx, input }) =>
      getDocument(ctx.db, { viewer: { id: ctx.user.id, role: 'admin' }, ...input }),
    ),
  links: adminProcedure
    .input(ZAdminDocumentLinksInput)
    .query(({ ctx, input: { userId, ...ids } }) => findDocumentLinks(ctx.db, userId, ids)),
  statement: adminProcedure
    .input(ZAdminStatementInput)
    .query(({ ctx, input }) => getStatement(ctx.db, input)),
})

export const documentsRouter = router({
  list: protectedProcedure
    .input(ZListDocumentsQuery.prefault({}))
    .query(({ ctx, input }) => listDocuments(ctx.readDb, { ...input, userId: ctx.user.id })),
  get: protectedProcedure
    .input(ZDocumentLookup)
    .query(({ ctx, input }) =>
      getDocument(ctx.db, { viewer: { id: ctx.user.id, role: 'user' }, ...input }),
    ),
  links: protectedProcedure
    .input(ZDocumentLinksInput.prefault({}))
    .query(({ ctx, input }) => findDocumentLinks(ctx.db, ctx.user.id, input)),
  statement: protectedProcedure
    .input(ZStatementInput)
    .query(({ ctx, input }) => getStatement(ctx.db, { userId: ctx.user.id, month: input.month })),
  admin: adminDocumentsRouter,
})
