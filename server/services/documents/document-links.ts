import { and, eq, inArray, or, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { DbOrTx } from '#db/client.ts'
import { documents, tokenTransactions, type DocumentKind } from '#db/schema/index.ts'
import { zBigId, zId } from '#server/lib/validation.ts'
import { ZUserId } from '#server/services/users/fields.ts'

/** What a row needs to offer its document for download. */
export type DocumentLink = { id: number; kind: DocumentKind; number: string }

/** Ids of rows a page shows; it asks which of them have a document (at most one page of each). */
const ids = (id: z.ZodType<number>) => z.array(id).max(200, 'At most 200 ids at a time').default([])
export const ZDocumentLinksInput = z.object({
  creditEntryIds: ids(zBigId('Credit entry ids are whole numbers')),
  tokenTransactionIds: ids(zBigId('Token transaction ids are whole numbers')),
  serviceChargeIds: ids(zId('Service charge ids are whole numbers')),
})
export const ZAdminDocumentLinksInput = ZDocumentLinksInput.extend({ userId: ZUserId })
export type TDocumentLinksInput = z.output<typeof ZDocumentLinksInput>

/** Keyed by the row's id (as text: JSON object keys). */
export type DocumentLinks = {
  credits: Record<string, DocumentLink>
  tokens: Record<string, DocumentLink>
  charges: Record<string, DocumentLink>
}

/**
 * Which of these rows of `userId` have a document: ledger entries (receipts of credit
 * top-ups, invoices, credit notes), token movements (the receipt of their PayPal top-up) and
 * service charges (their invoice). Only the user's own documents are ever returned.
 */
export async function findDocumentLinks(
  db: DbOrTx,
  userId: number,
  input: TDocumentLinksInput,
): Promise<DocumentLinks> {
  const links: DocumentLinks = { credits: {}, tokens: {}, charges: {} }
  const link = (row: { id: number; kind: DocumentKind; number: string }): DocumentLink => ({
    id: row.id,
    kind: row.kind,
    number: row.number,
  })
  const sources: SQL[] = []
  if (input.creditEntryIds.length > 0)
    sources.push(inArray(documents.creditEntryId, input.creditEntryIds))
  if (input.serviceChargeIds.length > 0)
    sources.push(inArray(documents.serviceChargeId, input.serviceChargeIds))
  if (sources.length > 0) {
    const rows = await db
      .select({
        id: documents.id,
        kind: documents.kind,
        number: documents.number,
        creditEntryId: documents.creditEntryId,
        serviceChargeId: documents.serviceChargeId,
      })
      .from(documents)
      .where(and(eq(documents.userId, userId), or(...sources)))
    const credits = new Set(input.creditEntryIds)
    const charges = new Set(input.serviceChargeIds)
    for (const row of rows) {
      if (row.creditEntryId !== null && credits.has(row.creditEntryId))
        links.credits[row.creditEntryId] = link(row)
      if (row.serviceChargeId !== null && charges.has(row.serviceChargeId))
        links.charges[row.serviceChargeId] = link(row)
    }
  }
  if (input.tokenTransactionIds.length > 0) {
    const rows = await db
      .select({
        tokenTransactionId: tokenTransactions.id,
        id: documents.id,
        kind: documents.kind,
        number: documents.number,
      })
      .from(tokenTransactions)
      .innerJoin(documents, eq(documents.topupId, tokenTransactions.topupId))
      .where(
        and(
          eq(tokenTransactions.userId, userId),
          eq(documents.userId, userId),
          eq(tokenTransactions.type, 'purchase'),
          inArray(tokenTransactions.id, input.tokenTransactionIds),
        ),
      )
    for (const row of rows) links.tokens[row.tokenTransactionId] = link(row)
  }
  return links
}
