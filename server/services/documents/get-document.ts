import { and, desc, eq, lt } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.ts'
import { documents } from '#db/schema/index.ts'
import { AppError } from '#server/errors.ts'
import { ZListDocumentsQuery, type TListDocumentsQuery } from './schemas.ts'
import { toDocumentView, type DocumentView } from './views.ts'

/** Who asks: a customer reaches only their own documents, an admin anyone's. */
export type DocumentViewer = { id: number; role: 'user' | 'admin' }

/**
 * One document. Another user's document answers NOT_FOUND, exactly like one that does not
 * exist, so ids reveal nothing.
 */
export async function getDocument(
  db: DbOrTx,
  input: { viewer: DocumentViewer; documentId: number },
): Promise<DocumentView> {
  const [row] = await db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.id, input.documentId),
        input.viewer.role === 'admin' ? undefined : eq(documents.userId, input.viewer.id),
      ),
    )
  if (!row) throw new AppError('NOT_FOUND', 'No such document.')
  return toDocumentView(row)
}

export type DocumentsPage = { items: DocumentView[]; nextCursor: number | null }

/** A user's documents, newest first, a page at a time (cursor = the last id seen). */
export async function listDocuments(
  db: DbOrTx,
  input: { userId: number } & TListDocumentsQuery,
): Promise<DocumentsPage> {
  const query = ZListDocumentsQuery.parse(input)
  const rows = await db
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.userId, input.userId),
        query.kind ? eq(documents.kind, query.kind) : undefined,
        query.cursor ? lt(documents.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(documents.id))
    .limit(query.limit + 1)
  const items = rows.slice(0, query.limit).map(toDocumentView)
  return {
    items,
    nextCursor: rows.length > query.limit ? (items[items.length - 1]?.id ?? null) : null,
  }
}
