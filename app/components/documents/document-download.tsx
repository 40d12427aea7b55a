import type { DocumentLink } from '#server/services/documents/document-links.ts'

const KIND_LABEL: Record<DocumentLink['kind'], string> = {
  receipt: 'Receipt',
  invoice: 'Invoice',
  credit_note: 'Credit note',
}

/**
 * A download's URL: the customer's own (`/api/<path>`), or on admin pages the same under the
 * user (`/api/admin/users/<id>/<path>`).
 */
export function downloadHref(path: string, adminUserId?: number): string {
  return adminUserId === undefined ? `/api/${path}` : `/api/admin/users/${adminUserId}/${path}`
}

/**
 * A real download link to a document's PDF: "Invoice PDF" on screen, with the number for
 * screen readers after the visible words (so the accessible name contains what is seen).
 * The file's name is the server's (documentPdfFilename, in the response's Content-Disposition).
 */
export function DocumentDownload({
  link,
  adminUserId,
}: {
  link: DocumentLink | undefined
  /** Set on admin pages: the user whose document it is. */
  adminUserId?: number
}) {
  if (!link) return null
  const label = KIND_LABEL[link.kind]
  return (
    <a
      href={downloadHref(`documents/${link.id}.pdf`, adminUserId)}
      download
      className="whitespace-nowrap rounded text-sm font-semibold text-indigo-700 underline hover:text-indigo-900"
      data-testid="document-download"
    >
      {label} PDF<span className="sr-only"> {link.number}</span>
    </a>
  )
}
