import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { documents } from '#db/schema/index.ts'
import { renderIssued } from './document-pdf.ts'
import { toDocumentView } from './views.ts'

export type MailAttachment = { filename: string; content: Buffer; contentType: string }

/**
 * The files a queued mail carries, read at delivery time: a `payment-receipt` carries the
 * top-up's receipt PDF. Its document is issued at the commit of the settling transaction, the
 * same one that queued the mail, so it exists by the time the mail is delivered; a receipt
 * that is missing (a top-up settled before documents existed) sends the mail without it.
 */
export async function mailAttachments(
  db: DbOrTx,
  input: { template: string; data: Record<string, unknown>; eventKey: string },
): Promise<MailAttachment[]> {
  if (input.template !== 'payment-receipt') return []
  const topupId = Number(input.data.topupId)
  if (!Number.isSafeInteger(topupId) || topupId <= 0) return []
  const [row] = await db.select().from(documents).where(eq(documents.topupId, topupId))
  if (!row) return []
  const { bytes, filename } = await renderIssued(db, toDocumentView(row))
  return [{ filename, content: bytes, contentType: 'application/pdf' }]
}
