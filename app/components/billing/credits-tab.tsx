import { Link } from '@remix-run/react'
import type { ComponentProps } from 'react'
import { StatementPicker } from '#app/components/documents/statement-picker.tsx'
import {
  transactionDocument,
  transactionIds,
} from '#app/components/documents/transaction-documents.tsx'
import { useDocumentLinks } from '#app/components/documents/use-document-links.ts'
import { creditsRate, useBranding } from '#app/components/layout/use-branding.ts'
import { Card } from '#app/components/ui/card.tsx'
import { useQuery, useTRPC, withQueryClient, type RouterOutputs, type Wire } from '#app/lib/trpc.ts'
import { CustomCreditsPayPalCheckout } from './topup-checkouts.tsx'
import { TransactionsTable } from './transactions-table.tsx'

/**
 * The /billing "Custom Credits" tab: the top-up, the latest entries (kept current) and the
 * statements. Its own chunk (app/routes/billing.tsx), in hand before hydration when the page
 * opens on it, which brings react-query with it (ADR 034).
 */
export const CreditsTab = withQueryClient(CreditsTabContent)

function CreditsTabContent({
  initialRecent,
  prefillCents,
  statementMonths,
}: {
  initialRecent: Wire<RouterOutputs['customCredits']['transactions']>
  prefillCents: number | null
  statementMonths: ComponentProps<typeof StatementPicker>
}) {
  const trpc = useTRPC()
  const branding = useBranding()
  const recent =
    useQuery({
      ...trpc.customCredits.transactions.queryOptions({ limit: 5 }),
      refetchInterval: 15_000,
      refetchOnWindowFocus: true,
    }).data ?? initialRecent
  const documents = useDocumentLinks(transactionIds(recent.items))
  return (
    <>
      <p className="text-sm text-slate-600">
        {branding.creditsDisplayName} pay for DNS plans, dedicated servers and other services (
        {creditsRate(branding)}).
      </p>
      <CustomCreditsPayPalCheckout initialCents={prefillCents} />
      <Card className="p-0">
        <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-4">
          <h2 className="font-semibold">Recent activity</h2>
          <Link to="/transactions" className="text-sm font-semibold text-indigo-600">
            All transactions →
          </Link>
        </div>
        <TransactionsTable items={recent.items} documentFor={transactionDocument(documents)} />
      </Card>
      <StatementPicker {...statementMonths} />
    </>
  )
}
