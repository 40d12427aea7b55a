import { useRef, useState } from 'react'
import { AlertDialog } from '#app/components/ui/alert-dialog.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { openWhile } from '#app/components/ui/open-while.ts'
import { RowAction } from '#app/components/ui/row-action.tsx'
import { ActionsHead, DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import { useToast } from '#app/components/ui/toast.tsx'
import { parseAppError } from '#app/lib/app-error.ts'
import { useMutation, useTRPC } from '#app/lib/trpc.ts'

export type TokenRow = {
  id: number
  name: string
  prefix: string
  scope: 'read' | 'write' | 'admin'
  createdAt: string | Date
  lastUsedAt: string | Date | null
  expiresAt: string | Date | null
  revokedAt: string | Date | null
}

const SCOPE_TONE = { admin: 'red', write: 'amber', read: 'slate' } as const

/** The user's tokens; revoking asks first, and focus comes back to the table afterwards. */
export function TokensTable({
  tokens,
  onChanged,
}: {
  tokens: TokenRow[]
  onChanged: () => Promise<unknown>
}) {
  const trpc = useTRPC()
  const toast = useToast()
  const revoke = useMutation(trpc.account.apiTokens.revoke.mutationOptions())
  const [target, setTarget] = useState<TokenRow | null>(null)
  const [error, setError] = useState<string | null>(null)
  const heading = useRef<HTMLHeadingElement>(null)

  const confirm = async () => {
    if (!target) return
    setError(null)
    try {
      await revoke.mutateAsync({ tokenId: target.id })
      // The row's Revoke button is replaced once the list is fresh; close after that, so
      // focus lands on the heading rather than on a button that is about to vanish.
      await onChanged()
      toast({ tone: 'success', title: `Token "${target.name}" revoked` })
      setTarget(null)
    } catch (e) {
      setError(parseAppError(e, { fallback: 'Could not revoke the token.' }).message)
    }
  }

  return (
    <Card className="p-0">
      <h2
        id="tokens-heading"
        ref={heading}
        tabIndex={-1}
        className="p-6 pb-4 text-lg font-semibold"
      >
        Your tokens
      </h2>
      {tokens.length === 0 ? (
        <EmptyState
          className="mx-6 mb-6"
          title="No tokens yet"
          description="Create one above to call the API from a script."
        />
      ) : (
        <DataTable
          label="API tokens"
          head={
            <>
              <TH>Name</TH>
              <TH className="hidden md:table-cell">Token</TH>
              <TH>Scope</TH>
              <TH className="hidden md:table-cell">Created</TH>
              <TH className="hidden md:table-cell">Last used</TH>
              <TH>Expires</TH>
              <ActionsHead />
            </>
          }
        >
          {tokens.map((token) => (
            <TR key={token.id}>
              <TD>
                <span className="font-medium">{token.name}</span>
                <span className="block font-mono text-xs text-slate-600 md:hidden">
                  {token.prefix}…
                </span>
              </TD>
              <TD className="hidden font-mono text-xs md:table-cell">{token.prefix}…</TD>
              <TD>
                <Badge tone={SCOPE_TONE[token.scope]}>{token.scope}</Badge>
              </TD>
              <TD className="hidden whitespace-nowrap md:table-cell">
                <LocalTime value={token.createdAt} />
              </TD>
              <TD className="hidden whitespace-nowrap md:table-cell">
                <LocalTime value={token.lastUsedAt} empty="never" />
              </TD>
              <TD className="whitespace-nowrap">
                <LocalTime value={token.expiresAt} empty="never" />
              </TD>
              <TD className="text-right">
                {token.revokedAt ? (
                  <Badge>revoked</Badge>
                ) : (
                  <RowAction
                    aria-label={`Revoke token ${token.name}`}
                    onClick={() => {
                      setError(null)
                      setTarget(token)
                    }}
                  >
                    Revoke
                  </RowAction>
                )}
              </TD>
            </TR>
          ))}
        </DataTable>
      )}
      <AlertDialog
        {...openWhile(target, () => setTarget(null))}
        title={`Revoke token "${target?.name ?? ''}"?`}
        description="Scripts using this token stop working at once. This cannot be undone."
        confirmLabel="Revoke token"
        pendingLabel="Revoking…"
        tone="danger"
        pending={revoke.isPending}
        returnFocusTo={heading}
        onConfirm={() => void confirm()}
      >
        {error ? <Alert tone="error">{error}</Alert> : null}
      </AlertDialog>
    </Card>
  )
}
