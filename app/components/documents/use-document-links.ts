import { useQuery, useTRPC } from '#app/lib/trpc.ts'
import type { DocumentLinks } from '#server/services/documents/document-links.ts'

type Ids = {
  creditEntryIds?: number[]
  tokenTransactionIds?: number[]
  serviceChargeIds?: number[]
}

const NONE: DocumentLinks = { credits: {}, tokens: {}, charges: {} }

/**
 * Which of the rows a page shows have a document (receipt, invoice, credit note): the
 * caller's own, or with `adminUserId` that user's. Empty until the answer arrives.
 */
export function useDocumentLinks(ids: Ids, adminUserId?: number): DocumentLinks {
  const trpc = useTRPC()
  const any = Object.values(ids).some((list) => list && list.length > 0)
  const customer = useQuery({
    ...trpc.documents.links.queryOptions(ids),
    enabled: any && adminUserId === undefined,
  })
  const admin = useQuery({
    ...trpc.documents.admin.links.queryOptions({ userId: adminUserId ?? 0, ...ids }),
    enabled: any && adminUserId !== undefined,
  })
  return (adminUserId === undefined ? customer.data : admin.data) ?? NONE
}
