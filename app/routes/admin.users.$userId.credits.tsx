import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AdjustCreditsForm } from '#app/components/admin/user/adjust-credits-forms.tsx'
import { CreditBalanceCard, CreditHistory } from '#app/components/admin/user/credit-overview.tsx'
import { loadUserTab } from '#app/components/admin/user/load-user-tab.server.ts'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { useUserTab, type Trpc } from '#app/components/admin/user/use-user-tab.ts'
import { DocumentDownload } from '#app/components/documents/document-download.tsx'
import { StatementPicker } from '#app/components/documents/statement-picker.tsx'
import { useDocumentLinks } from '#app/components/documents/use-document-links.ts'
import { requireAdmin } from '#app/lib/auth.server.ts'
import { readDb } from '#app/lib/db.server.ts'
import { statementMonths } from '#app/lib/statement-months.server.ts'

const HISTORY_LIMIT = 20

type CreditsInput = { userId: number; history: { page: number; limit: number } }

const overviewOf = (trpc: Trpc, input: CreditsInput) =>
  trpc.admin.customCredits.get.queryOptions(input)

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'Custom credits')

function pageFrom(url: URL): number {
  const page = Number(url.searchParams.get('page') ?? '1')
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1
}

export async function loader(args: LoaderFunctionArgs) {
  const tab = await loadUserTab(
    args,
    overviewOf,
    (userId, url): CreditsInput => ({
      userId,
      history: { page: pageFrom(url), limit: HISTORY_LIMIT },
    }),
  )
  // The statement picker's months by the server's clock (UTC), never the browser's.
  await requireAdmin(args.request)
  const months = await statementMonths(readDb, { userId: Number(args.params.userId) })
  return json({ ...(await tab.json()), statementMonths: months })
}

export default function AdminUserCredits() {
  const { input, live } = useUserTab(overviewOf, 15_000)
  const overview = live.data
  const balanceCents = overview.balance.balance.cents
  const userId = input.userId
  const links = useDocumentLinks(
    { creditEntryIds: overview.history.items.map((entry) => entry.id) },
    userId,
  ).credits
  const { statementMonths: months } = useLoaderData<typeof loader>()

  return (
    <div className="space-y-6">
      <CreditBalanceCard overview={overview} refreshing={live.isFetching} />
      <div className="grid gap-6 md:grid-cols-2">
        <AdjustCreditsForm userId={input.userId} direction="add" balanceCents={balanceCents} />
        <AdjustCreditsForm userId={input.userId} direction="remove" balanceCents={balanceCents} />
      </div>
      <CreditHistory
        history={overview.history}
        documentFor={(entry) => <DocumentDownload link={links[entry.id]} adminUserId={userId} />}
      />
      {months && <StatementPicker {...months} adminUserId={userId} />}
    </div>
  )
}
