import { creditsRate, useBranding } from '#app/components/layout/use-branding.ts'
import { Badge } from '#app/components/ui/badge.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Spinner } from '#app/components/ui/spinner.tsx'
import { useLiveQuery } from '#app/lib/live-data.tsx'
import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'
import { formatDateTime, formatTokens } from '#app/lib/format.ts'
import { Amount } from './money.tsx'
import { useTokenDeliveries } from './use-token-deliveries.ts'

type BillingBalance = Wire<RouterOutputs['billing']['balance']>

/** Paid tokens VirtFusion has not confirmed yet: shown until the balance includes them. */
function PendingDelivery({ tokens }: { tokens: number }) {
  return (
    <p
      role="status"
      className="mt-1 flex items-center gap-2 text-sm text-indigo-700"
      data-testid="token-delivery"
    >
      <Spinner />+{formatTokens(tokens)} being delivered
    </p>
  )
}

function TokensCard({
  tokens,
  pendingTokens,
}: {
  tokens: BillingBalance['virtfusionTokens']
  pendingTokens: number
}) {
  return (
    <Card aria-labelledby="tokens-card-title">
      <h2 id="tokens-card-title" className="text-sm font-medium text-slate-500">
        VirtFusion tokens <span className="text-xs">(VPS · 100 tokens = $1)</span>
      </h2>
      {tokens.status === 'ok' || tokens.status === 'stale' ? (
        <>
          <p
            className="mt-2 flex items-center gap-2 text-2xl font-semibold"
            data-testid="token-balance"
          >
            <span className="tabular-nums">{formatTokens(tokens.tokens)}</span>
            {tokens.status === 'stale' ? <Badge tone="amber">stale</Badge> : null}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            Worth <Amount value={tokens.value} />
            {tokens.status === 'stale' ? ` · last read ${formatDateTime(tokens.fetchedAt)}` : ''}
          </p>
          {tokens.status === 'stale' ? (
            <p className="mt-1 text-sm text-amber-700">{tokens.message}</p>
          ) : null}
          {pendingTokens > 0 ? <PendingDelivery tokens={pendingTokens} /> : null}
        </>
      ) : (
        <>
          <p className="mt-2 text-2xl font-semibold text-slate-500" data-testid="token-balance">
            {tokens.status === 'not_linked' ? 'Not linked' : 'Unavailable'}
          </p>
          <p className="mt-1 text-sm text-slate-500">{tokens.message}</p>
          {pendingTokens > 0 ? <PendingDelivery tokens={pendingTokens} /> : null}
        </>
      )}
    </Card>
  )
}

export function BalanceCards({
  balance,
  pendingTokens = 0,
}: {
  balance: BillingBalance
  pendingTokens?: number
}) {
  const credits = balance.customCredits
  const branding = useBranding()
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TokensCard tokens={balance.virtfusionTokens} pendingTokens={pendingTokens} />
      <Card aria-labelledby="credits-card-title">
        <h2 id="credits-card-title" className="text-sm font-medium text-slate-500">
          {branding.creditsDisplayName}{' '}
          <span className="text-xs">(DNS plans and other services · {creditsRate(branding)})</span>
        </h2>
        <p
          className="mt-2 flex items-center gap-2 text-2xl font-semibold"
          data-testid="custom-credits-balance"
        >
          <Amount value={credits.balance} />
          {credits.owed ? <Badge tone="red">owed</Badge> : null}
        </p>
        {credits.owed ? (
          <p className="mt-1 text-sm text-rose-700">
            Your balance is negative: this amount is owed and will be settled by your next top-up.
          </p>
        ) : null}
      </Card>
    </div>
  )
}

/**
 * The cards as the loader drew them, then kept current without a reload (ADR 034). A leaf of
 * its own: a refresh re-renders only the cards, never the page around them, whose credits tab
 * may still be a server-rendered boundary waiting to hydrate.
 */
export function LiveBalanceCards({ initial }: { initial: BillingBalance }) {
  const balance =
    useLiveQuery((trpc) => ({
      ...trpc.billing.balance.queryOptions(),
      refetchInterval: 15_000,
      refetchOnWindowFocus: true,
    }))?.data ?? initial
  const { pendingTokens } = useTokenDeliveries()
  return <BalanceCards balance={balance} pendingTokens={pendingTokens} />
}
