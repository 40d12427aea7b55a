import { z } from 'zod'
import { PG_INTEGER_MAX, zInt } from '#server/lib/validation.ts'

export const DOCUMENT_KIND_VALUES = ['receipt', 'invoice', 'credit_note'] as const

const DOCUMENT_ID_MESSAGE = `A document id is a whole number from 1 to ${PG_INTEGER_MAX}, in plain digits`

/**
 * A document id from a URL, a query string or a procedure input: a JSON integer, or plain
 * decimal digits with no sign, leading zero, space, exponent or prefix ("1e3", "0x10", "007",
 * " 7" are refused, so one document has one URL). 2^31−1 is far beyond any install's count
 * and keeps the id an exact JavaScript number.
 */
export const ZDocumentId = z
  .union(
    [
      z.number({ error: DOCUMENT_ID_MESSAGE }),
      z
        .string({ error: DOCUMENT_ID_MESSAGE })
        .regex(/^[1-9]\d{0,9}$/, DOCUMENT_ID_MESSAGE)
        .transform(Number),
    ],
    { error: DOCUMENT_ID_MESSAGE },
  )
  .pipe(
    z
      .number()
      .int(DOCUMENT_ID_MESSAGE)
      .min(1, DOCUMENT_ID_MESSAGE)
      .max(PG_INTEGER_MAX, DOCUMENT_ID_MESSAGE),
  )

export const ZListDocumentsQuery = z.object({
  kind: z.enum(DOCUMENT_KIND_VALUES).optional(),
  /** Older than this document id (the previous page's nextCursor). */
  cursor: ZDocumentId.optional(),
  limit: zInt({ min: 1, max: 100, message: 'limit must be a whole number from 1 to 100' }).default(
    25,
  ),
})
export type TListDocumentsQuery = z.input<typeof ZListDocumentsQuery>
