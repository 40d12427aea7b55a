import { eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { documentLogos } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { log } from '#server/lib/log.ts'
import { renderDocumentPdf } from '#server/lib/pdf/render-document-pdf.ts'
import { getDocument, type DocumentViewer } from './get-document.ts'
import type { DocumentView } from './views.ts'

export type DocumentPdf = { bytes: Buffer; filename: string; document: DocumentView }

/** The PDF of a document the viewer may see (see getDocument), rendered from its snapshot. */
export async function documentPdf(
  db: DbOrTx,
  input: { viewer: DocumentViewer; documentId: number },
): Promise<DocumentPdf> {
  const document = await getDocument(db, input)
  return { ...(await renderIssued(db, document)), document }
}

/** Renders an issued document: its snapshot and the logo it names, nothing live. */
export async function renderIssued(
  db: DbOrTx,
  document: DocumentView,
): Promise<{ bytes: Buffer; filename: string }> {
  const sha256 = document.snapshot.company.logoSha256
  const [logo] = sha256
    ? await db
        .select({ bytes: documentLogos.bytes })
        .from(documentLogos)
        .where(eq(documentLogos.sha256, sha256))
    : []
  const { bytes, undrawable } = await renderDocumentPdf(document.snapshot, {
    logo: logo?.bytes ?? null,
    fallbackCompanyName: env.APP_NAME,
  })
  if (undrawable.length > 0) {
    log.warn('document has characters no embedded font can draw (printed as U+FFFD)', {
      documentId: document.id,
      codePoints: [...new Set(undrawable)].map((c) => `U+${c.codePointAt(0)!.toString(16)}`),
    })
  }
  return { bytes, filename: documentPdfFilename(document) }
}

/** The name an issued document's PDF goes by: downloads and mail attachments alike. */
export function documentPdfFilename(document: { number: string }): string {
  return `${document.number}.pdf`
}
