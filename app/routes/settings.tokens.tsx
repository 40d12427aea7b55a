import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Button } from '#app/components/ui/button.tsx'
import { Alert, Badge, Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'
import { formatDate } from '#app/lib/utils.ts'

export const meta: MetaFunction = () => [{ title: 'API tokens · SkyPANEL' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const caller = await serverCaller(request, context)
  const tokens = await callOrThrow(request, () => caller.account.apiTokens.list())
  return json({ tokens, isAdmin: user.role === 'admin' })
}

const SCOPES = [
  { value: 'read', label: 'read: view balances, history and plans' },
  { value: 'write', label: 'write: also buy, change plans and other changes' },
  { value: 'admin', label: 'admin: also the admin procedures' },
] as const

export default function ApiTokensPage() {
  const initial = useLoaderData<typeof loader>()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const toast = useToast()
  const tokens = useQuery(trpc.account.apiTokens.list.queryOptions()).data ?? initial.tokens
  const create = useMutation(trpc.account.apiTokens.create.mutationOptions())
  const revoke = useMutation(trpc.account.apiTokens.revoke.mutationOptions())
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.account.apiTokens.list.queryKey() })

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (key: string) => {
      const value = form.get(key)
      return typeof value === 'string' ? value.trim() : ''
    }
    setError(null)
    try {
      const days = text('expiresInDays')
      const result = await create.mutateAsync({
        name: text('name'),
        scope: text('scope') as 'read' | 'write' | 'admin',
        expiresInDays: days ? Number(days) : undefined,
      })
      setCreated(result.token)
      await refresh()
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not create the token.')
    }
  }

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">API tokens</h1>
      <p className="text-sm text-slate-600">
        Scripts call the same procedures as this panel with{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. A token is shown once; we keep only its
        hash.
      </p>
      <Card>
        <form
          className="grid gap-4 sm:grid-cols-4"
          onSubmit={(e) => void onSubmit(e)}
          aria-label="Create API token"
        >
          <Field label="Name" name="name" required maxLength={60} className="sm:col-span-2" />
          <div>
            <label htmlFor="token-scope" className="block text-sm font-medium text-slate-700">
              Scope
            </label>
            <select
              id="token-scope"
              name="scope"
              defaultValue="read"
              className="mt-1 block w-full rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
            >
              {SCOPES.filter((s) => s.value !== 'admin' || initial.isAdmin).map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <Field label="Expires in days (optional)" name="expiresInDays" inputMode="numeric" />
          <div className="sm:col-span-4">
            <Button type="submit" disabled={create.isPending}>
              Create token
            </Button>
          </div>
        </form>
        {error ? <Alert className="mt-4">{error}</Alert> : null}
        {created ? (
          <Alert tone="success" className="mt-4">
            <p className="font-semibold">Copy this token now; it will not be shown again.</p>
            <code
              data-testid="new-token"
              className="mt-2 block break-all rounded bg-white p-2 text-xs text-slate-900"
            >
              {created}
            </code>
          </Alert>
        ) : null}
      </Card>
      <Card className="overflow-x-auto p-0">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-4 py-3">Name</th>
              <th className="px-4 py-3">Token</th>
              <th className="px-4 py-3">Scope</th>
              <th className="px-4 py-3">Created</th>
              <th className="px-4 py-3">Last used</th>
              <th className="px-4 py-3">Expires</th>
              <th className="px-4 py-3" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.map((token) => (
              <tr key={token.id}>
                <td className="px-4 py-3 font-medium">{token.name}</td>
                <td className="px-4 py-3 font-mono text-xs">{token.prefix}…</td>
                <td className="px-4 py-3">
                  <Badge
                    tone={
                      token.scope === 'admin' ? 'red' : token.scope === 'write' ? 'amber' : 'slate'
                    }
                  >
                    {token.scope}
                  </Badge>
                </td>
                <td className="px-4 py-3">{formatDate(token.createdAt)}</td>
                <td className="px-4 py-3">
                  {token.lastUsedAt ? formatDate(token.lastUsedAt) : 'never'}
                </td>
                <td className="px-4 py-3">
                  {token.expiresAt ? formatDate(token.expiresAt) : 'never'}
                </td>
                <td className="px-4 py-3 text-right">
                  {token.revokedAt ? (
                    <Badge>revoked</Badge>
                  ) : (
                    <Button
                      variant="secondary"
                      onClick={() =>
                        void revoke.mutateAsync({ tokenId: token.id }).then(async () => {
                          toast({ title: `Token "${token.name}" revoked`, tone: 'success' })
                          await refresh()
                        })
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
            {tokens.length === 0 ? (
              <tr>
                <td colSpan={7} className="px-4 py-6 text-center text-slate-500">
                  No tokens yet.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Card>
    </div>
  )
}
