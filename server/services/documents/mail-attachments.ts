import type { DbOrTx } from '#db/client.ts'
import { renderIssued } from './document-pdf.ts'
import { getDocument } from './get-document.ts'
import { mailReceiptDocument } from './mail-attachment-links.ts'

export type MailAttachment = { filename: string; content: Buffer; contentType: string }

/**
 * The files a queued mail carries, read at delivery time: a `payment-receipt` carries the
 * top-up's receipt PDF (mailReceiptDocument, the rule /admin/mail shows too). Its document is
 * issued at the commit of the settling transaction, the same one that queued the mail, so it
 * exists by the time the mail is delivered; a receipt that is missing (a top-up settled before
 * documents existed) sends the mail without it.
 */
export async function mailAttachments(
  db: DbOrTx,
  input: { template: string; data: Record<string, unknown>; eventKey: string },
): Promise<MailAttachment[]> {
  const receipt = await mailReceiptDocument(db, input)
  if (!receipt) return []
  const document = await getDocument(db, {
    viewer: { id: receipt.userId, role: 'user' },
    documentId: receipt.id,
  })
  const { bytes, filename } = await renderIssued(db, document)
  return [{ filename, content: bytes, contentType: 'application/pdf' }]
}
