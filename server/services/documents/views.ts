import type { DocumentKind, DocumentRow } from '#db/schema/index.ts'
import { documentSnapshotSchema, type DocumentSnapshot } from '#server/lib/pdf/document-snapshot.ts'

/** An issued document as services return it (the snapshot is what it prints). */
export type DocumentView = {
  id: number
  kind: DocumentKind
  number: string
  issuedAt: Date
  userId: number
  /** Receipts: money paid (currency cents); invoices: credits; credit notes: negative credits. */
  totalCents: number
  /** "USD" for a receipt; null for invoices and credit notes (custom credits). */
  currency: string | null
  /** The first line's description, for lists. */
  summary: string
  paypalCaptureId: string | null
  topupId: number | null
  serviceChargeId: number | null
  serviceRefundId: number | null
  creditEntryId: number | null
  snapshot: DocumentSnapshot
}

export function toDocumentView(row: DocumentRow): DocumentView {
  const snapshot = documentSnapshotSchema.parse(row.snapshot)
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    issuedAt: row.issuedAt,
    userId: row.userId,
    totalCents: row.totalCents,
    currency: snapshot.kind === 'receipt' ? (snapshot.currency ?? 'USD') : null,
    summary: snapshot.lines[0]!.description,
    paypalCaptureId: row.paypalCaptureId,
    topupId: row.topupId,
    serviceChargeId: row.serviceChargeId,
    serviceRefundId: row.serviceRefundId,
    creditEntryId: row.creditEntryId,
    snapshot,
  }
}
