import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CreateTokenForm } from '#app/components/settings/create-token-form.tsx'
import { TokensTable } from '#app/components/settings/tokens-table.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useQuery, useQueryClient, useTRPC, withQueryClient } from '#app/lib/trpc.ts'

export const meta: MetaFunction = () => [{ title: 'API tokens · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const caller = await serverCaller(request, context)
  const tokens = await callOrThrow(request, () => caller.account.apiTokens.list())
  return json({ tokens, isAdmin: user.role === 'admin' })
}

export default withQueryClient(ApiTokensPage)

function ApiTokensPage() {
  const initial = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const tokens = useQuery(trpc.account.apiTokens.list.queryOptions()).data ?? initial.tokens
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.apiTokens.list.queryKey() })

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">API tokens</h1>
      <p className="text-sm text-slate-600">
        Scripts call the same procedures as this panel with{' '}
        <code className="break-all">Authorization: Bearer &lt;token&gt;</code>. A token is shown
        once; we keep only its hash.
      </p>
      <CreateTokenForm isAdmin={initial.isAdmin} onCreated={() => void refresh()} />
      <TokensTable tokens={tokens} onChanged={refresh} />
    </div>
  )
}
