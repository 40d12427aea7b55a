import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { AddTokensForm } from '#app/components/admin/user/add-tokens-form.tsx'
import { justTheUser, loadUserTab } from '#app/components/admin/user/load-user-tab.server.ts'
import { userTabMeta } from '#app/components/admin/user/meta.ts'
import { TokenEntries } from '#app/components/admin/user/token-entries.tsx'
import { useUserTab, type Trpc } from '#app/components/admin/user/use-user-tab.ts'
import {
  TokenBalanceCard,
  VirtFusionLinkCard,
} from '#app/components/admin/user/virtfusion-cards.tsx'

const overviewOf = (trpc: Trpc, input: { userId: number }) =>
  trpc.admin.virtfusion.get.queryOptions(input)

export const meta: MetaFunction = ({ matches }) => userTabMeta(matches, 'VirtFusion')

export const loader = (args: LoaderFunctionArgs) => loadUserTab(args, overviewOf, justTheUser)

export default function AdminUserVirtFusion() {
  const { input, live } = useUserTab(overviewOf, 15_000)
  const overview = live.data

  return (
    <div className="space-y-6">
      <div className="grid gap-6 md:grid-cols-2">
        <VirtFusionLinkCard user={overview.user} />
        <TokenBalanceCard balance={overview.balance} refreshing={live.isFetching} />
      </div>
      <AddTokensForm user={overview.user} />
      <TokenEntries userId={input.userId} entries={overview.entries} />
    </div>
  )
}
