import { z } from 'zod'

export const DOCUMENT_KIND_VALUES = ['receipt', 'invoice', 'credit_note'] as const

/** A document id from a URL or a procedure input. */
export const ZDocumentId = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1)

export const ZListDocumentsQuery = z.object({
  kind: z.enum(DOCUMENT_KIND_VALUES).optional(),
  /** Older than this document id (the previous page's nextCursor). */
  cursor: ZDocumentId.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
})
export type TListDocumentsQuery = z.input<typeof ZListDocumentsQuery>
