import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { documents } from '#db/schema/index.ts'
import { documentPdfFilename } from './document-pdf.ts'

/** A file a stored mail carries, as an admin opens it (the admin document download route). */
export type MailAttachmentLink = {
  filename: string
  documentId: number
  userId: number
  href: string
}

/** What a receipt mail needs to name its document: the top-up's receipt, if issued. */
export type MailReceiptDocument = { id: number; userId: number; number: string }

/**
 * The receipt document of the top-up a `payment-receipt` mail is about, or null (another
 * template, or a top-up settled before documents existed). The same rule mailAttachments
 * follows at delivery, so what admins see is what the mail carries.
 */
export async function mailReceiptDocument(
  db: DbOrTx,
  mail: { template: string; data: Record<string, unknown> },
): Promise<MailReceiptDocument | null> {
  if (mail.template !== 'payment-receipt') return null
  const topupId = Number(mail.data.topupId)
  if (!Number.isSafeInteger(topupId) || topupId <= 0) return null
  const [row] = await db
    .select({ id: documents.id, userId: documents.userId, number: documents.number })
    .from(documents)
    .where(eq(documents.topupId, topupId))
  return row ?? null
}

/** The attachments of a stored mail as links for /admin/mail/<id>; no PDF is rendered. */
export async function mailAttachmentLinks(
  db: DbOrTx,
  mail: { template: string; data: Record<string, unknown> },
): Promise<MailAttachmentLink[]> {
  const document = await mailReceiptDocument(db, mail)
  if (!document) return []
  return [
    {
      filename: documentPdfFilename(document),
      documentId: document.id,
      userId: document.userId,
      href: `/api/admin/users/${document.userId}/documents/${document.id}.pdf`,
    },
  ]
}
