import { getStatement } from '#server/services/documents/statements/get-statement.ts'
import {
  ZAdminStatementInput,
  ZStatementInput,
} from '#server/services/documents/statements/schemas.ts'
import { adminProcedure, protectedProcedure, router } from '../init.ts'

/*
 * Documents and statements: a customer's own (the caller's id, never one from the input),
 * and under `admin` anyone's. The PDFs are REST downloads (/api/documents/:id.pdf,
 * /api/statements/:month.pdf); these return the data.
 */

const adminDocumentsRouter = router({
  statement: adminProcedure
    .input(ZAdminStatementInput)
    .query(({ ctx, input }) => getStatement(ctx.db, input)),
})

export const documentsRouter = router({
  statement: protectedProcedure
    .input(ZStatementInput)
    .query(({ ctx, input }) => getStatement(ctx.db, { userId: ctx.user.id, month: input.month })),
  admin: adminDocumentsRouter,
})
