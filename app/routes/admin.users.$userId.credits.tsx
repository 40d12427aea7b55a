import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useRouteLoaderData } from '@remix-run/react'
import { AdjustCreditsForm } from '#app/components/admin/user/adjust-credits-forms.tsx'
import { CreditBalanceCard, CreditHistory } from '#app/components/admin/user/credit-overview.tsx'
import { loadUserTab } from '#app/components/admin/user/load-user-tab.server.ts'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { useUserTab, type Trpc } from '#app/components/admin/user/use-user-tab.ts'
import { DocumentDownload } from '#app/components/documents/document-download.tsx'
import { utcMonthOf } from '#app/components/documents/months.ts'
import { StatementPicker } from '#app/components/documents/statement-picker.tsx'
import { useDocumentLinks } from '#app/components/documents/use-document-links.ts'

const HISTORY_LIMIT = 20

type CreditsInput = { userId: number; history: { page: number; limit: number } }

const overviewOf = (trpc: Trpc, input: CreditsInput) =>
  trpc.admin.customCredits.get.queryOptions(input)

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'Custom credits')

function pageFrom(url: URL): number {
  const page = Number(url.searchParams.get('page') ?? '1')
  return Number.isSafeInteger(page) && page >= 1 ? Math.min(page, 100_000) : 1
}

export const loader = (args: LoaderFunctionArgs) =>
  loadUserTab(
    args,
    overviewOf,
    (userId, url): CreditsInput => ({
      userId,
      history: { page: pageFrom(url), limit: HISTORY_LIMIT },
    }),
  )

export default function AdminUserCredits() {
  const { input, live } = useUserTab(overviewOf, 15_000)
  const overview = live.data
  const balanceCents = overview.balance.balance.cents
  const userId = input.userId
  const links = useDocumentLinks(
    { creditEntryIds: overview.history.items.map((entry) => entry.id) },
    userId,
  ).credits
  // The user's first month, from the user layout (its loader has the account).
  const account = useRouteLoaderData<{ user?: { createdAt?: string } }>(
    'routes/admin.users.$userId',
  )

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
      <StatementPicker
        first={utcMonthOf(account?.user?.createdAt ?? new Date())}
        last={utcMonthOf(new Date())}
        adminUserId={userId}
      />
    </div>
  )
}
